import { MigrationInterface, QueryRunner } from 'typeorm';
import { AUDIT_CHAIN_CHECKED, VERIFY_AUDIT_CHAIN } from './1764417600000-Foundation.js';

/** The broken links of the audit chains, a limit at a time (issue 20): an auditor needs every one, not the first. */
const BROKEN_LINKS = `CREATE FUNCTION audit_chain_broken_links(p_limit int)
  RETURNS TABLE (organisation_id uuid, sequence bigint, event_id uuid, problem text, broken_links bigint)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  ${AUDIT_CHAIN_CHECKED}
  SELECT b.organisation_id, b.sequence, b.id, b.problem, count(*) OVER ()
  FROM checked b WHERE b.problem IS NOT NULL
  ORDER BY b.occurred_at, b.organisation_id, b.sequence LIMIT p_limit $$`;

/** The first broken link, as before, now read from the list of them. */
const FIRST_BROKEN_LINK = `CREATE OR REPLACE FUNCTION verify_audit_chain()
  RETURNS TABLE (events_checked bigint, organisation_id uuid, sequence bigint, event_id uuid, problem text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT (SELECT count(*) FROM audit_events), b.organisation_id, b.sequence, b.event_id, b.problem
  FROM (SELECT 1) one LEFT JOIN LATERAL audit_chain_broken_links(1) b ON true $$`;

export class EveryBrokenAuditLink1765400000000 implements MigrationInterface {
  name = 'EveryBrokenAuditLink1765400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(BROKEN_LINKS);
    await db.query(`REVOKE ALL ON FUNCTION audit_chain_broken_links(int) FROM PUBLIC`);
    await db.query(`GRANT EXECUTE ON FUNCTION audit_chain_broken_links(int) TO ravot_app`);
    await db.query(FIRST_BROKEN_LINK);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(VERIFY_AUDIT_CHAIN.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION'));
    await db.query(`DROP FUNCTION audit_chain_broken_links(int)`);
  }
}
