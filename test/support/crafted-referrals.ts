import type { DataSource } from 'typeorm';
import type { Party } from './test-environment.js';

/**
 * Referrals written straight into the tables (sent from the sender's country, Iceland unless told, to the given
 * receivers), each with its subject and consent: the statistics suites use countries that no other suite does.
 */
export async function craftReferrals(
  t: { dataSource: DataSource },
  sender: Party,
  receivers: Record<string, { organisationId: string; count: number; returned: number; female: number }>,
  senderCountry = 'IS',
) {
  for (const [country, receiver] of Object.entries(receivers)) {
    await t.dataSource.query(
      `WITH s AS (
         INSERT INTO subjects (organisation_id, pseudonym, nationality, country_of_return, gender, registered_by_member_id)
         SELECT $1, 'ST-' || substr(md5(random()::text), 1, 12), $3, $3, CASE WHEN g <= $6 THEN 'FEMALE' ELSE 'MALE' END, $2
         FROM generate_series(1, $4) g RETURNING id, gender),
       c AS (
         INSERT INTO consents (organisation_id, subject_id, recipient_organisation_ids, purposes, categories, given_at, language, interpreter_present, recorded_by_member_id)
         SELECT $1, s.id, ARRAY[$7]::uuid[], '{RETURN_ASSISTANCE}', '{IDENTITY}', now(), 'en', false, $2 FROM s RETURNING id, subject_id)
       INSERT INTO referrals (reference, sender_organisation_id, receiver_organisation_id, subject_id, consent_id, status, exploitation_types,
                              sender_country, receiver_country, gender, created_by_member_id, submitted_at, arrived_on)
       SELECT $8 || '-ST-' || substr(md5(random()::text), 1, 12), $1, $7, c.subject_id, c.id,
              CASE WHEN row_number() OVER () <= $5 THEN 'RETURNED' ELSE 'SUBMITTED' END, '{LABOUR}', $8, $3, s.gender, $2, now(),
              CASE WHEN row_number() OVER () <= $5 THEN current_date END
       FROM c JOIN s ON s.id = c.subject_id`,
      [
        sender.organisationId,
        sender.memberId,
        country,
        receiver.count,
        receiver.returned,
        receiver.female,
        receiver.organisationId,
        senderCountry,
      ],
    );
  }
}

/**
 * A follow-up with one report for `count` of the crafted referrals from `senderCountry` to `receiverCountry`:
 * every score `score`, or (null) each referral's own score from 1 to 5, the same on every dimension.
 */
export async function craftReports(
  t: { dataSource: DataSource },
  receiverCountry: string,
  count: number,
  score: number | null,
  senderCountry = 'IS',
) {
  await t.dataSource.query(
    `WITH r AS (SELECT * FROM referrals WHERE sender_country = $4 AND receiver_country = $1 ORDER BY id LIMIT $2),
     f AS (INSERT INTO follow_ups (referral_id, sender_organisation_id, receiver_organisation_id, subject_id, sequence, due_on, submitted_at)
           SELECT id, sender_organisation_id, receiver_organisation_id, subject_id, 1, current_date, now() FROM r RETURNING *)
     INSERT INTO follow_up_reports (follow_up_id, referral_id, sender_organisation_id, receiver_organisation_id, subject_id, version,
                                    economic_score, social_score, psychosocial_score, safety_level, ciphertext, submitted_by_member_id, submitted_at)
     SELECT f.id, f.referral_id, f.sender_organisation_id, f.receiver_organisation_id, f.subject_id, 1, s.score, s.score, s.score,
            'LOW', '\\x00', f.receiver_organisation_id, now()
     FROM f CROSS JOIN LATERAL (SELECT coalesce($3::smallint, (1 + abs(hashtext(f.referral_id::text)) % 5)::smallint) AS score) AS s`,
    [receiverCountry, count, score, senderCountry],
  );
}
