import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Recurring work that one replica at a time does for the whole network (the time-based events): a row per kind of
 * work, claimed with FOR UPDATE SKIP LOCKED, so a replica that finds it taken moves on. Not for ravot_app: requests
 * never touch it, the service's own connection does.
 */
export class ScheduledWork1765710000000 implements MigrationInterface {
  name = 'ScheduledWork1765710000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE scheduled_work (
      name varchar(60) NOT NULL,
      due_at timestamptz NOT NULL,
      last_run_at timestamptz,
      CONSTRAINT "PK_scheduled_work" PRIMARY KEY (name))`);
    await db.query(`REVOKE ALL ON scheduled_work FROM PUBLIC`);
    await db.query(`INSERT INTO scheduled_work (name, due_at) VALUES ('time-based-events', '-infinity')`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE scheduled_work`);
  }
}
