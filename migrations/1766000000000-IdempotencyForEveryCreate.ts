import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency keys serve every mutation that creates something, not only referrals: the row names the record its
 * first use created, whatever kind, and keeps a keyed fingerprint of the input (an HMAC, never the input: it can
 * describe a person), so that the same key sent with other input is refused instead of answered with the first record. Keys
 * remembered before have no fingerprint and keep answering as before.
 */
export class IdempotencyForEveryCreate1766000000000 implements MigrationInterface {
  name = 'IdempotencyForEveryCreate1766000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE idempotency_keys RENAME COLUMN referral_id TO record_id`);
    await db.query(`ALTER TABLE idempotency_keys ADD COLUMN input_fingerprint character varying(64)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE idempotency_keys DROP COLUMN input_fingerprint`);
    await db.query(`ALTER TABLE idempotency_keys RENAME COLUMN record_id TO referral_id`);
  }
}
