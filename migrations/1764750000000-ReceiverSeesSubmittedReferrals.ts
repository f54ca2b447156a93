import { MigrationInterface, QueryRunner } from 'typeorm';

/** What made a receiver a party before, and what does now: a referral that was sent, whatever became of it since. */
const NOT_DRAFT = (alias: string) => `${alias}status <> 'DRAFT'`;
const SUBMITTED = (alias: string) => `${alias}submitted_at IS NOT NULL`;

const policies = (sentTo: (alias: string) => string) => {
  const [sent, r] = [sentTo(''), sentTo('r.')];
  const receiverOfSubject = (column: string) =>
    `EXISTS (SELECT 1 FROM referrals r WHERE r.subject_id = ${column} AND r.receiver_organisation_id = app_organisation_id() AND ${r})`;
  const parties = `sender_organisation_id = app_organisation_id() OR (receiver_organisation_id = app_organisation_id() AND ${sent})`;
  return [
    `ALTER POLICY referrals_parties ON referrals USING (${parties})`,
    `ALTER POLICY referrals_change ON referrals USING (${parties})`,
    `ALTER POLICY subjects_receiver ON subjects USING (${receiverOfSubject('subjects.id')})`,
    `ALTER POLICY subject_keys_receiver ON subject_keys USING (${receiverOfSubject('subject_keys.subject_id')})`,
    `ALTER POLICY personal_records_receiver ON personal_records USING (
      CASE WHEN referral_id IS NULL THEN ${receiverOfSubject('personal_records.subject_id')}
      ELSE EXISTS (SELECT 1 FROM referrals r WHERE r.id = personal_records.referral_id AND r.receiver_organisation_id = app_organisation_id() AND ${r}) END)`,
  ];
};

/**
 * A draft the sender cancelled, or that stopped when the person withdrew
 * consent, leaves DRAFT without ever being sent. "Not a draft" let its
 * receiver read it, the person's data included; "submitted" does not.
 */
export class ReceiverSeesSubmittedReferrals1764750000000 implements MigrationInterface {
  name = 'ReceiverSeesSubmittedReferrals1764750000000';

  async up(db: QueryRunner): Promise<void> {
    for (const statement of policies(SUBMITTED)) await db.query(statement);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const statement of policies(NOT_DRAFT)) await db.query(statement);
  }
}
