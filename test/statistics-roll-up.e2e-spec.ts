import { craftReferrals, craftReports } from './support/crafted-referrals.js';
import { freshDatabase } from './support/fresh-database.js';
import { Party } from './support/test-environment.js';
import { TestServices } from './support/test-services.js';

type Row = { keys: string[] };
const sorted = (rows: Row[]) => [...rows].sort((a, b) => a.keys.join('/').localeCompare(b.keys.join('/')));

const GROUPINGS: [string[], number[] | null, string[] | null, string[] | null][] = [
  [[], null, null, null],
  [['SENDER_COUNTRY', 'RECEIVER_COUNTRY'], null, null, null],
  [['EXPLOITATION_TYPE'], null, null, null],
  [['YEAR', 'EXPLOITATION_TYPE', 'STATUS'], null, null, null],
  [['EXPLOITATION_TYPE', 'RECEIVER_COUNTRY', 'AGE_BAND', 'YEAR'], null, null, null],
  [['STATUS', 'AGE_BAND'], null, ['IS'], ['MT', 'LU']],
  [['GENDER', 'RECEIVER_COUNTRY'], null, ['IS'], null],
  [['EXPLOITATION_TYPE', 'RECEIVER_COUNTRY'], [new Date().getUTCFullYear() - 2], null, null],
  [['RECEIVER_COUNTRY'], null, ['ZZ'], null],
];

/**
 * The referral and reintegration statistics come from roll-ups that statement-level
 * triggers keep (migrations ReferralStatisticsRollUp, StatisticsCellKeys and
 * ReintegrationCellKeys). Whatever is written, a roll-up must answer exactly what
 * counting the same cells from the rows answers (the `_from_rows` functions, kept
 * for this check), and nobody but the functions may read it.
 */
describe('the statistics roll-ups', () => {
  let t: TestServices;
  let sender: Party;
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  const query = (text: string, values: unknown[] = []) => t.dataSource.query(text, values);

  async function expectRollUpToMatchRows() {
    for (const statistics of ['referral_statistics', 'reintegration_statistics']) {
      for (const [groupBy, years, senders, receivers] of GROUPINGS) {
        const args = [groupBy, years, senders, receivers];
        const fromRollUp: Row[] = await query(`SELECT * FROM ${statistics}($1, $2, $3, $4)`, args);
        const fromRows: Row[] = await query(`SELECT * FROM ${statistics}_from_rows($1, $2, $3, $4)`, args);
        expect({ statistics, groupBy, rows: sorted(fromRollUp) }).toEqual({ statistics, groupBy, rows: sorted(fromRows) });
      }
    }
  }

  beforeAll(async () => {
    database = await freshDatabase();
    t = await TestServices.start(database.overrides);
    const admin = await t.networkAdmin();
    sender = await t.organisation(admin, { country: 'IS' });
    const receiver = async (country: string, count: number, returned: number) => ({
      organisationId: (await t.organisation(admin, { country })).organisationId,
      count,
      returned,
      female: 0,
    });
    await craftReferrals(t, sender, { MT: await receiver('MT', 40, 10), LU: await receiver('LU', 25, 5) });
    await craftReports(t, 'MT', 40, null);
    await craftReports(t, 'LU', 10, 3);
  });
  afterAll(async () => {
    await t.close();
    await database.drop();
  });

  it('counts what was there when it was created, and every referral once in a total over exploitation types', async () => {
    await expectRollUpToMatchRows();
    const [counted] = await query(
      `SELECT sum(referrals) AS referrals, sum(returns) AS returns FROM referral_statistics_cells WHERE sender_country = 'IS'`,
    );
    expect(counted).toMatchObject({ referrals: '65', returns: '15' });
    const [reported] = await query(`SELECT sum(reports) AS reports, sum(social) AS social FROM reintegration_statistics_cells`);
    expect(Number(reported.reports)).toBe(50);
    expect(Number(reported.social)).toBe(
      Number((await query(`SELECT sum(social_score) AS social FROM follow_up_reports WHERE superseded_at IS NULL`))[0].social),
    );
    // Over the exploitation types, the total is the total of all: the same cells, adjusted alike.
    const [overTypes] = await query(`SELECT * FROM referral_statistics('{EXPLOITATION_TYPE}', NULL, '{IS}', NULL) WHERE keys = '{*}'`);
    const [all] = await query(`SELECT * FROM referral_statistics('{}', NULL, '{IS}', NULL)`);
    expect(overTypes).toEqual({ ...all, keys: ['*'] });
  });

  it('adjusts each count by a fixed amount from its key: 0 stays 0, and no count of 1 to 10 is shown as it is or pinned down', async () => {
    const rows: { n: number; k: number; shown: number }[] = await query(
      `SELECT n, k, statistics_perturbed(n, k + 256 * n)::int AS shown FROM generate_series(0, 30) n, generate_series(0, 255) k`,
    );
    const countsShownAs = new Map<number, Set<number>>();
    for (const { n, shown } of rows) if (n > 0) countsShownAs.set(shown, (countsShownAs.get(shown) ?? new Set()).add(n));
    for (const { n, shown } of rows) {
      expect({ n, shown, off: Math.abs(shown - n) <= 2, negative: shown < 0 }).toMatchObject({ off: true, negative: false });
      if (n === 0) expect(shown).toBe(0);
      if (n >= 1 && n <= 10) {
        expect({ n, shown }).not.toEqual({ n, shown: n });
        // Another count shows the same for some key: whoever sees the value cannot tell which count it was.
        expect(countsShownAs.get(shown)!.size).toBeGreaterThan(1);
      }
    }
    // Over the keys, each count from 1 to 10 averages to itself: sums of many cells stay near the truth.
    for (let n = 1; n <= 10; n++) {
      const shown = rows.filter((row) => row.n === n).map((row) => row.shown);
      expect(shown.reduce((sum, value) => sum + value, 0) / shown.length).toBe(n);
    }
  });

  it('moves each cell mean by a fixed step from its key, within 1 to 5, so that every mean shown fits two true ones', async () => {
    // Every score total of 1 to 6 reports, every key sum modulo 256, each of the three scores' draws.
    const rows: { n: number; total: number; seed: number; shown: number }[] = await query(
      `SELECT n, total, seed, statistics_perturbed_mean(total, n, k, seed)::float AS shown
       FROM generate_series(1, 6) n, generate_series(n, 5 * n) total, generate_series(0, 255) k, generate_series(1, 3) seed`,
    );
    expect(rows).toHaveLength(90 * 256 * 3);
    for (const { n, total, shown } of rows) {
      expect({
        n,
        total,
        shown,
        ok: shown >= 1 && shown <= 5 && Number.isInteger(shown * 2) && Math.abs(shown - total / n) <= 1.25,
      }).toMatchObject({ ok: true });
    }
    // One person's score (a cell of one report): every value shown fits at least two scores.
    const scoresShownAs = new Map<number, Set<number>>();
    for (const { n, total, shown } of rows) if (n === 1) scoresShownAs.set(shown, (scoresShownAs.get(shown) ?? new Set()).add(total));
    for (const [shown, scores] of scoresShownAs) expect({ shown, scores: scores.size > 1 }).toEqual({ shown, scores: true });
    // The steps balance: away from the bounds, the shown means of a cell average out at its rounded mean.
    for (let total = 4; total <= 8; total++) {
      for (let seed = 1; seed <= 3; seed++) {
        const shown = rows.filter((row) => row.n === 2 && row.total === total && row.seed === seed).map((row) => row.shown);
        expect(Math.abs(shown.reduce((sum, value) => sum + value, 0) / shown.length - total / 2)).toBeLessThan(0.1);
      }
    }
    expect((await query(`SELECT statistics_perturbed_mean(0, 0, 7, 1) AS shown`))[0].shown).toBeNull();
  });

  it('follows inserts, updates of every counted column, deletes and a draft', async () => {
    const some = (offset: number) =>
      `id IN (SELECT id FROM referrals WHERE sender_country = 'IS' ORDER BY reference LIMIT 6 OFFSET ${offset})`;
    await query(`UPDATE referrals SET status = 'RETURNED', arrived_on = current_date WHERE ${some(10)} AND arrived_on IS NULL`);
    await query(`UPDATE referrals SET exploitation_types = '{SEXUAL,LABOUR,SEXUAL}' WHERE ${some(20)}`);
    await query(`UPDATE referrals SET exploitation_types = '{}', age_band = '18-24' WHERE ${some(30)}`);
    await query(`UPDATE referrals SET submitted_at = submitted_at - interval '2 years', receiver_country = 'LU' WHERE ${some(40)}`);
    await query(`UPDATE referrals SET version = version + 1 WHERE ${some(50)}`);
    await query(`UPDATE referrals SET status = 'DRAFT', submitted_at = NULL WHERE ${some(0)}`);
    await query(
      `INSERT INTO referrals (reference, sender_organisation_id, receiver_organisation_id, subject_id, consent_id, status, exploitation_types,
                             sender_country, receiver_country, created_by_member_id, submitted_at, arrived_on, age_band)
       SELECT replace(reference, 'IS-ST-', 'IS-CP-'), sender_organisation_id, receiver_organisation_id, subject_id, consent_id, status,
              exploitation_types, sender_country, receiver_country, created_by_member_id, submitted_at, arrived_on, age_band
       FROM referrals WHERE sender_country = 'IS'`,
    );
    await query(`DELETE FROM referrals WHERE reference LIKE 'IS-CP-%' AND status <> 'RETURNED'`);
    // Reports: a correction (the old version superseded, a new one added), a score changed in place, one deleted.
    const reports = (offset: number) =>
      `id IN (SELECT id FROM follow_up_reports WHERE superseded_at IS NULL ORDER BY id LIMIT 5 OFFSET ${offset})`;
    await query(
      `WITH old AS (UPDATE follow_up_reports SET superseded_at = now() WHERE ${reports(0)} RETURNING *)
       INSERT INTO follow_up_reports (follow_up_id, referral_id, sender_organisation_id, receiver_organisation_id, subject_id, version,
                                      economic_score, social_score, psychosocial_score, safety_level, ciphertext, submitted_by_member_id, submitted_at)
       SELECT follow_up_id, referral_id, sender_organisation_id, receiver_organisation_id, subject_id, version + 1,
              1, 5, psychosocial_score, safety_level, ciphertext, submitted_by_member_id, now() FROM old`,
    );
    await query(`UPDATE follow_up_reports SET economic_score = 6 - economic_score WHERE ${reports(10)}`);
    await query(`DELETE FROM follow_up_reports WHERE ${reports(20)}`);
    await expectRollUpToMatchRows();
    const [total] = await query(`SELECT sum(referrals) AS referrals FROM referral_statistics_cells WHERE sender_country = 'IS'`);
    expect(Number(total.referrals)).toBeGreaterThan(65);
  });

  it('follows a change the application role makes under row-level security, which cannot read the roll-up itself', async () => {
    const runner = t.dataSource.createQueryRunner();
    const asApplication = async () => {
      await runner.startTransaction();
      await runner.query(`SELECT set_config('app.organisation_id', $1, true)`, [sender.organisationId]);
      await runner.query(`SET LOCAL ROLE ravot_app`);
    };
    try {
      await asApplication();
      const changed = await runner.query(`UPDATE referrals SET status = 'ACCEPTED' WHERE status = 'SUBMITTED' RETURNING id`);
      expect(changed.length).toBeGreaterThan(0);
      await runner.commitTransaction();
      for (const forbidden of [
        'SELECT * FROM referral_statistics_cells',
        `SELECT * FROM referral_statistics_from_rows('{}', NULL, NULL, NULL)`,
        'SELECT * FROM reintegration_statistics_cells',
        `SELECT * FROM reintegration_statistics_from_rows('{}', NULL, NULL, NULL)`,
      ]) {
        await asApplication();
        await expect(runner.query(forbidden)).rejects.toThrow(/permission denied/);
        await runner.rollbackTransaction();
      }
    } finally {
      await runner.release();
    }
    await expectRollUpToMatchRows();
  });
});
