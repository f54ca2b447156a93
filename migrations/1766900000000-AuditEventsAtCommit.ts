import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A write's audit events are appended in one statement just before it commits (AuditService.record): the
 * organisation's chain lock (record_audit_event) is then held from that statement to the commit, instead of from the
 * write's first audited step, and a write with several events makes one round trip for them.
 */
export class AuditEventsAtCommit1766900000000 implements MigrationInterface {
  name = 'AuditEventsAtCommit1766900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE FUNCTION record_audit_events(p_actions text[], p_entities text[], p_entity_ids uuid[], p_referral_ids uuid[])
      RETURNS void LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
      BEGIN
        FOR i IN 1 .. coalesce(array_length(p_actions, 1), 0) LOOP
          PERFORM record_audit_event(p_actions[i], p_entities[i], p_entity_ids[i], p_referral_ids[i]);
        END LOOP;
      END $$`);
    await db.query(`REVOKE ALL ON FUNCTION record_audit_events(text[], text[], uuid[], uuid[]) FROM PUBLIC`);
    await db.query(`GRANT EXECUTE ON FUNCTION record_audit_events(text[], text[], uuid[], uuid[]) TO ravot_app`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION record_audit_events(text[], text[], uuid[], uuid[])`);
  }
}
