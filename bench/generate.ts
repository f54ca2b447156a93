/**
 * Fills a PostgreSQL database with a synthetic RAVOT network for the benchmark,
 * set-based (generate_series, INSERT ... SELECT) so that a million referrals
 * take minutes:
 *
 *   npm run bench:generate -- --referrals 100000 [--organisations 200] [--database postgres://...]
 *   npm run bench:generate -- --referrals 10000 --embedded bench/.state/embedded
 *
 * With --embedded the same data goes into an embedded database (PGlite) in that
 * folder, made afresh, as the default installation keeps it in RAVOT_DATA_DIR;
 * `npm run bench -- --embedded <folder>` then measures the service on it.
 *
 * The database is dropped and created again, migrated with the service's own
 * migrations, then filled as its owner. Bulk subjects carry no personal
 * records (sealing a million records would measure the generator, not the
 * service); the runner creates the referral of scenario 2 through the API, so
 * that one is encrypted, consented and decrypted for real. Tokens for a
 * receiving and a sending case worker go to bench/.state/<database>.json with the
 * bench-only master key; that folder is ignored by git.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { generateApiToken } from '../src/auth/api-token.js';
import { rmSync } from 'node:fs';
import { createDataSource, migrate } from '../src/database/data-source.js';
import { EmbeddedPostgres } from '../src/database/embedded-postgres.js';
import { ENTITIES } from '../src/entities.js';
import { BenchState, EMBEDDED_URL_PREFIX, option, parseArgs, saveState, withDatabase } from './bench-support.js';

/** Where referrals come from (sender weight) and go to (receiver weight): most from NL and BE, most to HU, BG, RO, NG. */
const COUNTRIES: [country: string, language: string, sender: number, receiver: number][] = [
  ['NL', 'nl', 40, 1],
  ['BE', 'nl', 25, 1],
  ['DE', 'de', 8, 1],
  ['FR', 'fr', 6, 1],
  ['GB', 'en', 5, 1],
  ['ES', 'es', 4, 1],
  ['IT', 'it', 4, 1],
  ['HU', 'hu', 2, 24],
  ['BG', 'bg', 2, 20],
  ['RO', 'ro', 2, 22],
  ['NG', 'en', 1, 18],
  ['AL', 'sq', 1, 4],
  ['UA', 'uk', 1, 4],
  ['MD', 'ro', 0, 3],
  ['VN', 'vi', 0, 3],
  ['PH', 'en', 0, 2],
];

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const referrals = Number(option(args, 'referrals', '100000'));
  const organisations = Number(option(args, 'organisations', '200'));
  const embeddedFolder = args.get('embedded');
  if (!Number.isInteger(referrals) || referrals < 100 || referrals > 10_000_000) throw new Error('--referrals must be 100 to 10000000');
  if (!Number.isInteger(organisations) || organisations < 20 || organisations > 10_000)
    throw new Error('--organisations must be 20 to 10000');

  const started = Date.now();
  const step = (label: string) => console.log(`${((Date.now() - started) / 1000).toFixed(1).padStart(7)} s  ${label}`);
  let embedded: EmbeddedPostgres | null = null;
  let url = option(args, 'database', 'postgres://postgres@127.0.0.1:5432/ravot_bench');
  if (embeddedFolder) {
    rmSync(embeddedFolder, { recursive: true, force: true });
    embedded = await EmbeddedPostgres.start(embeddedFolder);
    url = embedded.url;
  } else await recreateDatabase(url);
  step(`created ${embeddedFolder ?? new URL(url).pathname.slice(1)}`);

  const dataSource = createDataSource(url, { entities: ENTITIES, ...(embedded ? embedded.pool() : { poolSize: 2 }) });
  await dataSource.initialize();
  await migrate(dataSource, { embedded: embedded !== null });
  await dataSource.destroy();
  step('migrated');

  const state = await withDatabase(url, async (db) => {
    await db.query(`SET synchronous_commit = off`);
    await db.query(`CREATE TEMP TABLE bench_countries (country text, language text, sender int, receiver int)`);
    await db.query(`INSERT INTO bench_countries SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::int[])`, [
      COUNTRIES.map((c) => c[0]),
      COUNTRIES.map((c) => c[1]),
      COUNTRIES.map((c) => c[2]),
      COUNTRIES.map((c) => c[3]),
    ]);
    await fillOrganisations(db, organisations);
    step(`organisations and members: ${await count(db, 'organisations')}`);
    await fillReferrals(db, referrals);
    step(`subjects, consents and referrals: ${await count(db, 'referrals')}`);
    await fillFollowUps(db);
    step(`follow-ups: ${await count(db, 'follow_ups')}`);
    await fillPractices(db);
    step(`practices: ${await count(db, 'practices')}`);
    await db.query('ANALYZE');
    step('analysed');
    return issueTokens(db, url, referrals);
  });
  await embedded?.stop();
  // The service opens the folder itself; the state names it, not the port this run's embedded server had.
  if (embeddedFolder) Object.assign(state, { databaseUrl: EMBEDDED_URL_PREFIX + embeddedFolder });
  saveState(state);
  step(`tokens written to ${state.file}`);
}

async function recreateDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error('The database name must be lower-case letters, digits and _');
  const admin = new URL(url);
  admin.pathname = '/postgres';
  await withDatabase(admin.toString(), async (db) => {
    await db.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await db.query(`CREATE DATABASE ${name}`);
  });
}

async function count(db: pg.Client, table: string): Promise<number> {
  return Number((await db.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
}

/** Half the organisations send (by sender weight), half receive (by receiver weight); each has one case worker. */
async function fillOrganisations(db: pg.Client, total: number): Promise<void> {
  await db.query(
    `INSERT INTO organisations (name, country, kind, languages, services)
     SELECT format('Bench %s %s %s', side, c.country, n), c.country,
            CASE WHEN side = 'sender' THEN (ARRAY['SHELTER','NGO','LAW_ENFORCEMENT','IOM_MISSION'])[1 + n % 4]
                 ELSE (ARRAY['NGO','NGO','SHELTER','IOM_MISSION'])[1 + n % 4] END,
            ARRAY[c.language, 'en'], ARRAY['SHELTER','PSYCHOSOCIAL','RECEPTION_AT_ARRIVAL']
     FROM (SELECT country, language, 'sender' AS side, greatest(1, round(sender * $1::numeric / sum(sender) OVER ()))::int AS k
             FROM bench_countries WHERE sender > 0
           UNION ALL
           SELECT country, language, 'receiver', greatest(1, round(receiver * $1::numeric / sum(receiver) OVER ()))::int
             FROM bench_countries WHERE receiver > 0) c,
          generate_series(1, c.k) AS n`,
    [total / 2],
  );
  await db.query(
    `INSERT INTO members (organisation_id, display_name, email, roles)
     SELECT id, 'Bench case worker', format('worker-%s@bench.example', id), ARRAY['CASE_WORKER'] FROM organisations`,
  );
}

/**
 * One person, one consent and one referral per row of generate_series. Receivers
 * are skewed (random()^2) so that a few NGOs hold large inboxes, as in life.
 */
async function fillReferrals(db: pg.Client, total: number): Promise<void> {
  await db.query(`CREATE TEMP TABLE senders AS
    SELECT row_number() OVER (ORDER BY o.name) - 1 AS idx, o.id, o.country, m.id AS member_id
    FROM organisations o JOIN members m ON m.organisation_id = o.id WHERE o.name LIKE 'Bench sender %'`);
  await db.query(`CREATE TEMP TABLE receivers AS
    SELECT row_number() OVER (ORDER BY split_part(o.name, ' ', 4)::int, c.receiver DESC, o.country) - 1 AS idx, o.id, o.country
    FROM organisations o JOIN bench_countries c ON c.country = o.country WHERE o.name LIKE 'Bench receiver %'`);
  await db.query(
    `CREATE TEMP TABLE plan AS
     SELECT g AS n, gen_random_uuid() AS subject_id, gen_random_uuid() AS consent_id, gen_random_uuid() AS referral_id,
            s.id AS sender_id, s.country AS sender_country, s.member_id, r.id AS receiver_id, r.country AS receiver_country,
            now() - random() * interval '1500 days' AS created_at, random() AS u, random() AS v
     FROM generate_series(1, $1::int) g
     CROSS JOIN LATERAL (SELECT floor(random() * (SELECT count(*) FROM senders))::int + 0 * g AS si,
                                floor(power(random(), 2) * (SELECT count(*) FROM receivers))::int + 0 * g AS ri) pick
     JOIN senders s ON s.idx = pick.si
     JOIN receivers r ON r.idx = pick.ri`,
    [total],
  );
  await db.query(
    `INSERT INTO subjects (id, organisation_id, pseudonym, nationality, country_of_return, gender, registered_by_member_id, registered_at)
     SELECT subject_id, sender_id, format('B-%s', n), receiver_country, receiver_country,
            (ARRAY['FEMALE','FEMALE','FEMALE','MALE','MALE','OTHER'])[1 + floor(v * 6)::int], member_id, created_at
     FROM plan`,
  );
  await db.query(
    `INSERT INTO consents (id, organisation_id, subject_id, recipient_organisation_ids, purposes, categories, given_at, expires_at,
                           language, interpreter_present, recorded_by_member_id, recorded_at)
     SELECT consent_id, sender_id, subject_id, ARRAY[receiver_id], ARRAY['RETURN_ASSISTANCE','REINTEGRATION_SUPPORT','FOLLOW_UP_REPORTING'],
            ARRAY['IDENTITY','CONTACT','NEEDS','CASE_HISTORY'], created_at - interval '1 day', NULL,
            lower(receiver_country), u < 0.7, member_id, created_at
     FROM plan`,
  );
  // DRAFT 5%, SUBMITTED 12%, ACCEPTED 10%, DECLINED 5%, CANCELLED 3%, RETURNED 10%, IN_REINTEGRATION 30%, CLOSED 25%.
  await db.query(
    `INSERT INTO referrals (id, reference, sender_organisation_id, receiver_organisation_id, subject_id, consent_id, status, version,
                            exploitation_types, risk_level, sender_country, receiver_country, age_band, gender, created_by_member_id,
                            created_at, updated_at, submitted_at, arrived_on)
     SELECT referral_id, format('%s-B-%s', sender_country, lpad(n::text, 9, '0')), sender_id, receiver_id, subject_id, consent_id, status,
            3, ARRAY[(ARRAY['SEXUAL','LABOUR','LABOUR','CRIMINAL_ACTIVITIES','BEGGING','FORCED_MARRIAGE'])[1 + floor(v * 6)::int]],
            (ARRAY['LOW','MEDIUM','MEDIUM','HIGH'])[1 + floor(v * 4)::int], sender_country, receiver_country,
            (ARRAY['18-24','25-34','35-49','50+'])[1 + floor(v * 4)::int],
            (ARRAY['FEMALE','FEMALE','FEMALE','MALE','MALE','OTHER'])[1 + floor(v * 6)::int], member_id,
            created_at, created_at + (u * interval '200 days'), CASE WHEN status <> 'DRAFT' THEN created_at + interval '2 days' END,
            CASE WHEN status IN ('RETURNED','IN_REINTEGRATION','CLOSED') THEN (created_at + interval '30 days')::date END
     FROM (SELECT *, CASE WHEN u < 0.05 THEN 'DRAFT' WHEN u < 0.17 THEN 'SUBMITTED' WHEN u < 0.27 THEN 'ACCEPTED'
                          WHEN u < 0.32 THEN 'DECLINED' WHEN u < 0.35 THEN 'CANCELLED' WHEN u < 0.45 THEN 'RETURNED'
                          WHEN u < 0.75 THEN 'IN_REINTEGRATION' ELSE 'CLOSED' END AS status FROM plan) p`,
  );
}

/** The default schedule after arrival (1, 3, 6 and 12 months); the past ones mostly reported. */
async function fillFollowUps(db: pg.Client): Promise<void> {
  await db.query(
    `INSERT INTO follow_ups (referral_id, sender_organisation_id, receiver_organisation_id, subject_id, sequence, due_on,
                             carries_reintegration_plan, submitted_at)
     SELECT r.id, r.sender_organisation_id, r.receiver_organisation_id, r.subject_id, s.sequence,
            (r.arrived_on + make_interval(months => s.months))::date, s.sequence = 1,
            CASE WHEN r.arrived_on + make_interval(months => s.months) < now() AND random() < 0.85
                 THEN r.arrived_on + make_interval(months => s.months) + interval '3 days' END
     FROM referrals r
     CROSS JOIN (VALUES (1, 1), (2, 3), (3, 6), (4, 12)) AS s(sequence, months)
     WHERE r.arrived_on IS NOT NULL`,
  );
}

const PRACTICE_TEXT: Record<string, { config: string; title: string[]; body: string }> = {
  en: {
    config: 'english',
    title: [
      'Reintegration support after return',
      'Safe reception at the airport',
      'Labour exploitation: returning workers',
      'Shelter and psychosocial care',
    ],
    body: 'Victims of trafficking who return home need reintegration support: shelter, psychosocial care, education and employment. Partners met returning persons at the airport and followed up for twelve months.',
  },
  hu: {
    config: 'hungarian',
    title: [
      'Reintegrációs támogatás hazatérés után',
      'Biztonságos fogadás a repülőtéren',
      'Munkaerő-kizsákmányolás áldozatai',
      'Menedékház és pszichoszociális segítség',
    ],
    body: 'Az emberkereskedelem áldozatai hazatérésük után reintegrációs támogatást kapnak: menedékházat, pszichoszociális segítséget, oktatást és munkát. A partnerek a repülőtéren fogadták a hazatérőket, és tizenkét hónapig követték őket.',
  },
  nl: {
    config: 'dutch',
    title: [
      'Terugkeer en herintegratie',
      'Veilige opvang bij aankomst',
      'Arbeidsuitbuiting: terugkerende werknemers',
      'Opvang en psychosociale zorg',
    ],
    body: 'Slachtoffers van mensenhandel die terugkeren hebben herintegratie nodig: opvang, psychosociale zorg, onderwijs en werk.',
  },
};

async function fillPractices(db: pg.Client): Promise<void> {
  for (const [language, text] of Object.entries(PRACTICE_TEXT)) {
    await db.query(
      `INSERT INTO practices (organisation_id, author_member_id, title, summary, body, language, search_config, themes,
                              exploitation_types, countries, contact_organisation_id, status, published_at)
       SELECT o.id, m.id, format('%s (%s)', ($2::text[])[1 + g % 4], g), left($3, 200), $3, $1, $4,
              ARRAY['REINTEGRATION','RETURN'], ARRAY['LABOUR'], ARRAY[o.country], o.id, 'PUBLISHED', now() - g * interval '1 day'
       FROM generate_series(1, 100) g
       JOIN LATERAL (SELECT * FROM organisations ORDER BY name OFFSET (g * 7) % 100 LIMIT 1) o ON true
       JOIN members m ON m.organisation_id = o.id`,
      [language, text.title, text.body, text.config],
    );
  }
}

/** Tokens for the busiest receiver's case worker and a Dutch sender's, hashed as the service hashes them. */
async function issueTokens(db: pg.Client, url: string, referrals: number): Promise<BenchState> {
  const receiver = (
    await db.query(
      `SELECT r.receiver_organisation_id AS id, r.receiver_country AS country, count(*) AS n FROM referrals r GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 1`,
    )
  ).rows[0];
  const sender = (await db.query(`SELECT id FROM organisations WHERE name LIKE 'Bench sender NL %' ORDER BY name LIMIT 1`)).rows[0];
  const tokenFor = async (organisationId: string) => {
    const token = generateApiToken();
    await db.query(
      `INSERT INTO api_tokens (organisation_id, member_id, name, prefix, token_hash, expires_at)
       SELECT organisation_id, id, 'bench', $2, $3, now() + interval '30 days' FROM members WHERE organisation_id = $1`,
      [organisationId, token.prefix, token.hash],
    );
    return token.token;
  };
  return {
    databaseUrl: url,
    referrals,
    masterKey: randomBytes(32).toString('base64'),
    receiverOrganisationId: receiver.id,
    receiverCountry: receiver.country,
    receiverInbox: Number(receiver.n),
    receiverToken: await tokenFor(receiver.id),
    senderOrganisationId: sender.id,
    senderToken: await tokenFor(sender.id),
  };
}

main().catch((error: unknown) => {
  console.error('bench:generate failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
