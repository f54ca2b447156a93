import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Free text written about a person's case (the reasons a referral was declined, cancelled or closed, why a
 * follow-up was added or moved, why a consent was withdrawn, where its signed form is kept) is sealed under the
 * person's data key beside its row, like message bodies: a dump shows none of it and erasure reaches it. The
 * clear columns stay until the service has sealed what they hold (SealedNotesBackfill, at start); a later
 * migration drops them. A subject keeps no birth year: statistics need the referral's age band only, and the date
 * of birth is sealed in the person's identity.
 */
export class SealedNotes1765000000000 implements MigrationInterface {
  name = 'SealedNotes1765000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE referrals ADD status_reason_sealed bytea');
    await db.query('ALTER TABLE referral_events ADD reason_sealed bytea');
    await db.query('ALTER TABLE consents ADD withdrawal_reason_sealed bytea, ADD form_reference_sealed bytea');
    await db.query('ALTER TABLE consents ALTER form_reference DROP NOT NULL');
    await db.query('ALTER TABLE follow_ups ADD closure_reason_sealed bytea');
    await db.query('ALTER TABLE subjects DROP COLUMN birth_year');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE subjects ADD birth_year integer');
    await db.query('ALTER TABLE follow_ups DROP COLUMN closure_reason_sealed');
    await db.query(`UPDATE consents SET form_reference = '(sealed)' WHERE form_reference IS NULL`);
    await db.query('ALTER TABLE consents ALTER form_reference SET NOT NULL');
    await db.query('ALTER TABLE consents DROP COLUMN withdrawal_reason_sealed, DROP COLUMN form_reference_sealed');
    await db.query('ALTER TABLE referral_events DROP COLUMN reason_sealed');
    await db.query('ALTER TABLE referrals DROP COLUMN status_reason_sealed');
  }
}
