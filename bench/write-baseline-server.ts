/**
 * The floor for the write path: a bare Node HTTP server that performs the same inserts and updates as the service,
 * each operation in one hand-written SQL transaction through `pg`. Same rows (sealed columns filled with random bytes
 * of the service's sizes, so no cryptography), same per-organisation audit chain (record_audit_event, which holds the
 * organisation's chain lock until commit); no framework, no authentication, no row-level security, no GraphQL, no
 * reads to check rules.
 *
 *   node dist/bench/write-baseline-server.js <port> <database url>
 *
 * POST /refer {senderOrganisationId, senderMemberId, receiverOrganisationId, senderCountry, receiverCountry}
 * POST /accept | /arrival | /message {referralId, receiverOrganisationId, receiverMemberId, arrivedOn?}
 * POST /follow-up {followUpId, receiverOrganisationId, receiverMemberId}
 */
import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage } from 'node:http';
import pg from 'pg';
import { assertLocal } from './bench-support.js';

const [port, url] = process.argv.slice(2);
assertLocal(url);
const pool = new pg.Pool({ connectionString: url, max: 10 });

type Body = Record<string, string>;

/** One transaction acting for an organisation and member, as record_audit_event needs them. */
async function inTransaction<T extends object>(
  organisationId: string,
  memberId: string,
  work: (db: pg.PoolClient) => Promise<T>,
): Promise<T & { statements: number }> {
  const db = await pool.connect();
  // Counted as the service counts its own (RAVOT_COUNT_SQL): every statement sent, BEGIN and COMMIT included.
  let statements = 0;
  const query = db.query;
  db.query = ((...args: Parameters<typeof query>) => (statements++, query.apply(db, args))) as typeof query;
  try {
    await db.query('BEGIN');
    await db.query(`SELECT set_config('app.organisation_id', $1, true), set_config('app.member_id', $2, true)`, [organisationId, memberId]);
    const result = await work(db);
    await db.query('COMMIT');
    return { ...result, statements };
  } catch (error) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    db.query = query;
    db.release();
  }
}

const audit = (db: pg.PoolClient, action: string, entity: string, entityId: string, referralId: string | null) =>
  db.query('SELECT record_audit_event($1, $2, $3, $4)', [action, entity, entityId, referralId]);

const event = (
  db: pg.PoolClient,
  referral: Body,
  type: string,
  from: string | null,
  to: string | null,
  body: Body,
  note: string | null = null,
) =>
  db.query(
    `INSERT INTO referral_events (referral_id, sender_organisation_id, receiver_organisation_id, type, from_status, to_status,
                                  actor_organisation_id, actor_member_id, note)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      referral.id,
      referral.sender_organisation_id,
      referral.receiver_organisation_id,
      type,
      from,
      to,
      body.organisationId,
      body.memberId,
      note,
    ],
  );

/** register a person, record consent, create and submit the referral: what the service does in four requests. */
async function refer(body: Body) {
  return inTransaction(body.senderOrganisationId, body.senderMemberId, async (db) => {
    const subject = (
      await db.query(
        `INSERT INTO subjects (organisation_id, pseudonym, nationality, country_of_return, gender, registered_by_member_id)
         VALUES ($1, 'P-' || substr(md5(random()::text), 1, 8), $2, $2, 'FEMALE', $3) RETURNING id`,
        [body.senderOrganisationId, body.receiverCountry, body.senderMemberId],
      )
    ).rows[0].id as string;
    await db.query(
      `INSERT INTO subject_keys (subject_id, organisation_id, master_key_fingerprint, wrapped_key) VALUES ($1, $2, 'baseline', $3)`,
      [subject, body.senderOrganisationId, randomBytes(61)],
    );
    await db.query(
      `INSERT INTO personal_records (organisation_id, subject_id, kind, ciphertext)
       SELECT $1, $2, kind, ciphertext FROM unnest($3::text[], $4::bytea[]) AS r(kind, ciphertext)`,
      [body.senderOrganisationId, subject, ['IDENTITY', 'CONTACT', 'HEALTH'], [randomBytes(153), randomBytes(94), randomBytes(54)]],
    );
    await audit(db, 'subject.register', 'subject', subject, null);
    const consent = (
      await db.query(
        `INSERT INTO consents (organisation_id, subject_id, recipient_organisation_ids, purposes, categories, given_at, language,
                               interpreter_present, recorded_by_member_id, form_reference_sealed)
         VALUES ($1, $2, ARRAY[$3::uuid], ARRAY['RETURN_ASSISTANCE','REINTEGRATION_SUPPORT','FOLLOW_UP_REPORTING'],
                 ARRAY['IDENTITY','CONTACT','NEEDS','CASE_HISTORY'], now() - interval '1 minute', 'en', true, $4, $5) RETURNING id`,
        [body.senderOrganisationId, subject, body.receiverOrganisationId, body.senderMemberId, randomBytes(41)],
      )
    ).rows[0].id as string;
    await audit(db, 'consent.record', 'consent', consent, null);
    const referral = (
      await db.query(
        `INSERT INTO referrals (reference, sender_organisation_id, receiver_organisation_id, subject_id, consent_id, status, version,
                                exploitation_types, risk_level, sender_country, receiver_country, age_band, gender, created_by_member_id, submitted_at)
         VALUES (next_referral_reference($6), $1, $2, $3, $4, 'SUBMITTED', 2, ARRAY['LABOUR'], 'HIGH', $6, $7, '25-34', 'FEMALE', $5, now())
         RETURNING id, sender_organisation_id, receiver_organisation_id, version`,
        [
          body.senderOrganisationId,
          body.receiverOrganisationId,
          subject,
          consent,
          body.senderMemberId,
          body.senderCountry,
          body.receiverCountry,
        ],
      )
    ).rows[0] as Body;
    await db.query(
      `INSERT INTO personal_records (organisation_id, subject_id, referral_id, kind, ciphertext)
       SELECT $1, $2, $3, kind, ciphertext FROM unnest($4::text[], $5::bytea[]) AS r(kind, ciphertext)`,
      [
        body.senderOrganisationId,
        subject,
        referral.id,
        ['NEEDS', 'CASE_HISTORY', 'RETURN_PLAN', 'RISK_ASSESSMENT'],
        [randomBytes(123), randomBytes(329), randomBytes(157), randomBytes(92)],
      ],
    );
    const actor = { organisationId: body.senderOrganisationId, memberId: body.senderMemberId };
    await event(db, referral, 'CREATED', null, 'DRAFT', actor);
    await audit(db, 'referral.created', 'referral', referral.id, referral.id);
    await event(db, referral, 'SUBMITTED', 'DRAFT', 'SUBMITTED', actor);
    await audit(db, 'referral.submitted', 'referral', referral.id, referral.id);
    return { referralId: referral.id, version: referral.version };
  });
}

/** A receiver's status change with its event and audit record; arrival also schedules the follow-ups. */
async function transition(body: Body, from: string, to: string) {
  return inTransaction(body.receiverOrganisationId, body.receiverMemberId, async (db) => {
    const referral = (
      await db.query(
        `UPDATE referrals SET status = $2, version = version + 1, updated_at = now(), arrived_on = coalesce($4::date, arrived_on)
         WHERE id = $1 AND status = $3 RETURNING id, sender_organisation_id, receiver_organisation_id, subject_id, version`,
        [body.referralId, to, from, body.arrivedOn ?? null],
      )
    ).rows[0] as Body | undefined;
    if (!referral) throw new Error(`referral ${body.referralId} is not ${from}`);
    await event(db, referral, to, from, to, { organisationId: body.receiverOrganisationId, memberId: body.receiverMemberId });
    await audit(db, `referral.${to.toLowerCase()}`, 'referral', referral.id, referral.id);
    let followUpIds: string[] = [];
    if (body.arrivedOn)
      followUpIds = (
        await db.query(
          `INSERT INTO follow_ups (referral_id, sender_organisation_id, receiver_organisation_id, subject_id, sequence, due_on, carries_reintegration_plan)
           SELECT $1, $2, $3, $4, s.sequence, ($5::date + make_interval(months => s.months))::date, s.sequence = 1
           FROM (VALUES (1, 1), (2, 3), (3, 6), (4, 12)) AS s(sequence, months) RETURNING id`,
          [referral.id, referral.sender_organisation_id, referral.receiver_organisation_id, referral.subject_id, body.arrivedOn],
        )
      ).rows.map((row: Body) => row.id);
    return { version: referral.version, followUpIds };
  });
}

async function message(body: Body) {
  return inTransaction(body.receiverOrganisationId, body.receiverMemberId, async (db) => {
    const referral = (
      await db.query(`SELECT id, sender_organisation_id, receiver_organisation_id FROM referrals WHERE id = $1`, [body.referralId])
    ).rows[0] as Body;
    const id = (
      await db.query(
        `INSERT INTO referral_messages (referral_id, sender_organisation_id, receiver_organisation_id, author_organisation_id, author_member_id, ciphertext)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [
          referral.id,
          referral.sender_organisation_id,
          referral.receiver_organisation_id,
          body.receiverOrganisationId,
          body.receiverMemberId,
          randomBytes(105),
        ],
      )
    ).rows[0].id as string;
    await event(db, referral, 'MESSAGE', null, null, { organisationId: body.receiverOrganisationId, memberId: body.receiverMemberId });
    await audit(db, 'referral.message', 'referral', referral.id, referral.id);
    return { id };
  });
}

/** The report, the follow-up marked submitted, and after the first one the referral moves into reintegration. */
async function followUp(body: Body) {
  return inTransaction(body.receiverOrganisationId, body.receiverMemberId, async (db) => {
    const actor = { organisationId: body.receiverOrganisationId, memberId: body.receiverMemberId };
    const due = (
      await db.query(
        `UPDATE follow_ups SET submitted_at = now() WHERE id = $1 AND submitted_at IS NULL
         RETURNING id, referral_id, sender_organisation_id, receiver_organisation_id, subject_id, sequence`,
        [body.followUpId],
      )
    ).rows[0] as Body | undefined;
    if (!due) throw new Error(`follow-up ${body.followUpId} is not due`);
    const referral = { ...due, id: due.referral_id };
    // The audit record (the organisation's chain lock) before the statistics cells, in the service's order.
    await event(db, referral, 'FOLLOW_UP_SUBMITTED', null, null, actor, `Follow-up ${due.sequence}`);
    await audit(db, 'referral.follow_up_submitted', 'referral', referral.id, referral.id);
    await db.query(
      `INSERT INTO follow_up_reports (follow_up_id, referral_id, sender_organisation_id, receiver_organisation_id, subject_id, version,
                                      economic_score, social_score, psychosocial_score, safety_level, risk_indicators, services_delivered,
                                      ciphertext, submitted_by_member_id, submitted_at)
       VALUES ($1, $2, $3, $4, $5, 1, 3, 4, 3, 'LOW', '{}', '[]', $6, $7, now())`,
      [
        due.id,
        due.referral_id,
        due.sender_organisation_id,
        due.receiver_organisation_id,
        due.subject_id,
        randomBytes(220),
        body.receiverMemberId,
      ],
    );
    const moved = await db.query(
      `UPDATE referrals SET status = 'IN_REINTEGRATION', version = version + 1, updated_at = now() WHERE id = $1 AND status = 'RETURNED'`,
      [referral.id],
    );
    if (moved.rowCount) {
      await event(db, referral, 'IN_REINTEGRATION', 'RETURNED', 'IN_REINTEGRATION', actor);
      await audit(db, 'referral.in_reintegration', 'referral', referral.id, referral.id);
    }
    return { id: due.id };
  });
}

const ROUTES: Record<string, (body: Body) => Promise<unknown>> = {
  '/refer': refer,
  '/accept': (body) => transition(body, 'SUBMITTED', 'ACCEPTED'),
  '/arrival': (body) => transition(body, 'ACCEPTED', 'RETURNED'),
  '/message': message,
  '/follow-up': followUp,
};

async function readBody(request: IncomingMessage): Promise<Body> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Body) : {};
}

createServer((request, response) => {
  const route = ROUTES[request.url ?? ''];
  if (request.method === 'GET') return void response.writeHead(200).end('ready');
  if (!route) return void response.writeHead(404).end();
  readBody(request)
    .then(route)
    .then(
      (result) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result)),
      (error: Error) => response.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: error.message })),
    );
}).listen(Number(port), '127.0.0.1', () => console.log(`write baseline listening on ${port}`));
