import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * node(id) tells an id's type by looking for it in every table that holds ids; the outbox had no index on its events'
 * ids (the feed reads by position), so each look-up would have scanned it whole.
 */
export class EventIdLookup1766400000000 implements MigrationInterface {
  name = 'EventIdLookup1766400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX "IDX_outbox_events_event" ON outbox_events (event_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX "IDX_outbox_events_event"`);
  }
}
