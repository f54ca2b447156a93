import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transactional outbox that partners hear from: one row per event and recipient organisation, written in the
 * transaction of the change itself. Rows hold ids, types, times and the consent's scope, never personal data.
 *
 * The feed's order is (transaction_id, position): a row becomes readable only once every transaction that started
 * before its own has ended (transaction_id below the snapshot's xmin), so no row can ever appear behind a cursor a
 * partner already holds, however the writers' commits interleave.
 */
export class PartnerEvents1765700000000 implements MigrationInterface {
  name = 'PartnerEvents1765700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE outbox_events (
      position bigint GENERATED ALWAYS AS IDENTITY,
      transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
      event_id uuid NOT NULL,
      organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
      type varchar(40) NOT NULL,
      occurred_at timestamptz NOT NULL,
      actor_organisation_id uuid,
      referral_id uuid,
      entity varchar(20),
      entity_id uuid,
      consent_scope jsonb,
      once_key varchar(120),
      CONSTRAINT "PK_outbox_events" PRIMARY KEY (position))`);
    await db.query(`CREATE INDEX "IDX_outbox_events_feed" ON outbox_events (organisation_id, transaction_id, position)`);
    // A time-based event (a follow-up due, a consent expired) is announced once per organisation, whoever runs the scheduler.
    await db.query(`CREATE UNIQUE INDEX "UQ_outbox_events_once" ON outbox_events (organisation_id, once_key) WHERE once_key IS NOT NULL`);
    await db.query(`ALTER TABLE outbox_events ENABLE ROW LEVEL SECURITY`);
    await db.query(`ALTER TABLE outbox_events FORCE ROW LEVEL SECURITY`);
    await db.query(
      `CREATE POLICY outbox_events_recipient ON outbox_events FOR SELECT TO ravot_app USING (organisation_id = app_organisation_id())`,
    );
    // The acting organisation writes for the others that hear of its change, but only in its own name.
    await db.query(
      `CREATE POLICY outbox_events_actor ON outbox_events FOR INSERT TO ravot_app WITH CHECK (actor_organisation_id = app_organisation_id())`,
    );
    await db.query(`GRANT SELECT, INSERT ON outbox_events TO ravot_app`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE outbox_events`);
  }
}
