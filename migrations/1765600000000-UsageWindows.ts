import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The per-minute budgets (requests per token or address, cost per token and per organisation) counted across all
 * replicas of the service: each replica adds what it counted every second and reads back the totals. Keys are
 * token and organisation ids or a hash of a client address, never personal data. Not for ravot_app: requests never
 * read it, the service's own connection does, outside any request.
 */
export class UsageWindows1765600000000 implements MigrationInterface {
  name = 'UsageWindows1765600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE UNLOGGED TABLE usage_windows (
      key text NOT NULL,
      minute bigint NOT NULL,
      used bigint NOT NULL,
      CONSTRAINT "PK_usage_windows" PRIMARY KEY (minute, key))`);
    await db.query(`REVOKE ALL ON usage_windows FROM PUBLIC`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE usage_windows`);
  }
}
