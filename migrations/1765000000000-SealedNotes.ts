import { MigrationInterface, QueryRunner } from 'typeorm';

const EVENTS_WITH_A_PERSONS_WORDS = `('DECLINED', 'CANCELLED', 'CLOSED', 'FOLLOW_UP_ADDED', 'FOLLOW_UP_MOVED')`;

/**
 * Free text written about a person's case (why a referral was declined, cancelled or closed, why a follow-up was
 * added or moved, why a consent was withdrawn, where its signed form is kept) is sealed under the person's data key
 * beside its row, like message bodies: a dump shows none of it and erasure reaches it. SQL cannot seal (the keys
 * are wrapped by the master key, which the database never sees), so what the clear columns held waits in
 * notes_to_seal, which only the owner reads, until the service seals it at start (SealedNotesBackfill).
 *
 * A subject keeps no birth year: statistics need the referral's age band only, and the date of birth is sealed in
 * the person's identity.
 */
export class SealedNotes1765000000000 implements MigrationInterface {
  name = 'SealedNotes1765000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE referrals ADD status_reason_sealed bytea');
    await db.query('ALTER TABLE referral_events ADD reason_sealed bytea');
    await db.query('ALTER TABLE consents ADD withdrawal_reason_sealed bytea, ADD form_reference_sealed bytea');
    await db.query('ALTER TABLE follow_ups ADD closure_reason_sealed bytea');
    await db.query(`CREATE TABLE notes_to_seal (
      id bigserial PRIMARY KEY, table_name text NOT NULL, column_name text NOT NULL, row_id uuid NOT NULL, subject_id uuid NOT NULL, text text NOT NULL
    )`);
    await db.query('REVOKE ALL ON notes_to_seal FROM PUBLIC');
    await db.query(`INSERT INTO notes_to_seal (table_name, column_name, row_id, subject_id, text)
      SELECT 'referrals', 'status_reason_sealed', id, subject_id, status_reason FROM referrals WHERE status_reason IS NOT NULL
      UNION ALL SELECT 'consents', 'withdrawal_reason_sealed', id, subject_id, withdrawal_reason FROM consents WHERE withdrawal_reason IS NOT NULL
      UNION ALL SELECT 'consents', 'form_reference_sealed', id, subject_id, form_reference FROM consents
      UNION ALL SELECT 'follow_ups', 'closure_reason_sealed', id, subject_id, closure_reason FROM follow_ups WHERE closure_reason IS NOT NULL
      UNION ALL SELECT 'referral_events', 'reason_sealed', e.id, r.subject_id, e.note FROM referral_events e JOIN referrals r ON r.id = e.referral_id
                WHERE e.note IS NOT NULL AND e.type IN ${EVENTS_WITH_A_PERSONS_WORDS}`);
    await db.query(`UPDATE referral_events SET note = NULL WHERE note IS NOT NULL AND type IN ${EVENTS_WITH_A_PERSONS_WORDS}`);
    await db.query('ALTER TABLE referrals DROP COLUMN status_reason');
    await db.query('ALTER TABLE consents DROP COLUMN withdrawal_reason, DROP COLUMN form_reference');
    await db.query('ALTER TABLE follow_ups DROP COLUMN closure_reason');
    await db.query('ALTER TABLE subjects DROP COLUMN birth_year');
  }

  /** Back to the clear columns, empty: what was sealed stays sealed. */
  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE subjects ADD birth_year integer');
    await db.query('ALTER TABLE follow_ups ADD closure_reason varchar(500)');
    await db.query(`ALTER TABLE consents ADD withdrawal_reason varchar(500), ADD form_reference varchar(200) NOT NULL DEFAULT '(sealed)'`);
    await db.query('ALTER TABLE consents ALTER form_reference DROP DEFAULT');
    await db.query('ALTER TABLE referrals ADD status_reason varchar(1000)');
    await db.query('DROP TABLE notes_to_seal');
    await db.query('ALTER TABLE follow_ups DROP COLUMN closure_reason_sealed');
    await db.query('ALTER TABLE consents DROP COLUMN withdrawal_reason_sealed, DROP COLUMN form_reference_sealed');
    await db.query('ALTER TABLE referral_events DROP COLUMN reason_sealed');
    await db.query('ALTER TABLE referrals DROP COLUMN status_reason_sealed');
  }
}
