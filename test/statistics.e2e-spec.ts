import { readFileSync } from 'node:fs';
import { Role } from '../src/auth/role.js';
import type { Progress } from '../src/common/progress.js';
import { RegistrationStatisticsService } from '../src/statistics/registration-statistics.service.js';
import { freshDatabase } from './support/fresh-database.js';
import { craftReferrals, craftReports } from './support/crafted-referrals.js';
import { Party, TestApp } from './support/test-app.js';

const SEED_CSV = readFileSync(new URL('../docs/examples/registered-victims-nl-2010-2012.csv', import.meta.url), 'utf8');
const IMPORT =
  'mutation($csv: String!) { importRegistrationStatistics(input: { csv: $csv, source: "test" }) { registrationImport { inserted updated unchanged } } }';
const FIGURES = `query($years: [Int!], $nationalities: [String!], $top: Int) {
  registrationStatistics(registrationCountry: "NL", years: $years, nationalities: $nationalities, top: $top) {
    figures { year nationality victims { value suppressed } rank changeFromPreviousYear } csv } }`;
const REFERRALS = `query($groupBy: [StatisticsDimension!]!) {
  referralStatistics(groupBy: $groupBy, filter: { senderCountries: ["IS"] }) { threshold rows { keys referrals { value suppressed } returns { value suppressed } } csv } }`;

/** A recovery attempt: a total whose parts leave exactly one value hidden gives that value away. */
function recoverable(rows: { keys: string[]; referrals: { suppressed: boolean } }[]): string[] {
  const leaks: string[] = [];
  rows.forEach((total) =>
    total.keys.forEach((key, d) => {
      if (key !== '*') return;
      const parts = rows.filter((row) => row.keys[d] !== '*' && row.keys.every((k, j) => j === d || k === total.keys[j]));
      const hidden = [total, ...parts].filter((row) => row.referrals.suppressed);
      if (parts.length > 0 && hidden.length === 1) leaks.push(hidden[0].keys.join('/'));
    }),
  );
  return leaks;
}

describe('statistics', () => {
  let t: TestApp;
  let admin: Party;
  let analyst: Party;
  let caseWorker: Party;
  // Network-wide counts: on a shared server they would include other runs' data, so this suite has a database of its own.
  let database: Awaited<ReturnType<typeof freshDatabase>>;

  beforeAll(async () => {
    database = await freshDatabase();
    t = await TestApp.start(database.overrides);
    admin = await t.networkAdmin();
    const secretariat = await t.organisation(admin, { country: 'NL', kind: 'NATIONAL_RAPPORTEUR' });
    analyst = await t.member(secretariat, ['ANALYST']);
    caseWorker = await t.member(secretariat, ['CASE_WORKER']);
    const sender = await t.organisation(admin, { country: 'IS' });
    const receivers = {
      MT: { organisationId: (await t.organisation(admin, { country: 'MT' })).organisationId, count: 30, returned: 12, female: 18 },
      CY: { organisationId: (await t.organisation(admin, { country: 'CY' })).organisationId, count: 3, returned: 1, female: 2 },
      LU: { organisationId: (await t.organisation(admin, { country: 'LU' })).organisationId, count: 25, returned: 14, female: 20 },
    };
    await craftReferrals(t, sender, receivers);
    await craftReports(t, 'MT', 30, 4);
    await craftReports(t, 'CY', 2, 1);
  });
  afterAll(async () => {
    await t.close();
    await database.drop();
  });

  /** The true count of referrals from IS (to one receiver, or all), and how many hidden cells it is summed from. */
  const truth = async (receiver: string | null): Promise<{ count: number; cells: number }> =>
    (
      await t.dataSource.query(
        `SELECT coalesce(sum(referrals), 0)::int AS count, count(*)::int AS cells FROM referral_statistics_cells
         WHERE sender_country = 'IS' AND referrals > 0 AND ($1::text IS NULL OR receiver_country = $1)`,
        [receiver],
      )
    )[0];
  /** Whether a shown count is as near the truth as the adjustments allow: at most 2 per cell it sums. */
  const near = (shown: number, real: { count: number; cells: number }) => Math.abs(shown - real.count) <= 2 * real.cells;

  it('imports the seed figures, and a second import changes nothing', async () => {
    const first = (await t.gql(analyst.token, IMPORT, { csv: SEED_CSV })).data.importRegistrationStatistics?.registrationImport;
    expect(first.inserted + first.unchanged).toBe(31);
    expect(first.updated).toBe(0);
    expect((await t.gql(admin.token, IMPORT, { csv: SEED_CSV })).data.importRegistrationStatistics?.registrationImport).toEqual({
      inserted: 0,
      updated: 0,
      unchanged: 31,
    });
  });

  it("matches the seed's table: Hungary 56, 120, 217; China and Romania share rank 8 in 2011", async () => {
    await t.gql(analyst.token, IMPORT, { csv: SEED_CSV });
    const hungary = (await t.gql(caseWorker.token, FIGURES, { nationalities: ['HU'] })).data.registrationStatistics.figures;
    expect(hungary.map((f: any) => [f.year, f.victims.value, f.changeFromPreviousYear])).toEqual([
      [2010, 56, null],
      [2011, 120, 64],
      [2012, 217, 97],
    ]);
    const y2011 = (await t.gql(analyst.token, FIGURES, { years: [2011] })).data.registrationStatistics.figures;
    const rank = (code: string) => y2011.find((f: any) => f.nationality === code).rank;
    expect([rank('NL'), rank('CN'), rank('RO'), rank('AO'), rank('UG')]).toEqual([1, 8, 8, 10, 11]);
    const top3 = (await t.gql(analyst.token, FIGURES, { years: [2012], top: 3 })).data.registrationStatistics;
    expect(top3.figures.map((f: any) => f.nationality)).toEqual(['NL', 'BG', 'HU']);
    expect(top3.csv.split('\n')[0]).toBe('registration_country,year,nationality,nationality_iso2,victims,rank,change_from_previous_year');
    expect(top3.csv).toContain('NL,2012,Bulgaria,BG,303,2,230');
  });

  it('stores a large file in batches inside one transaction, telling a watcher of each', async () => {
    const nationalities = ['HU', 'BG', 'RO', 'NG', 'PL', 'AL', 'VN', 'CN', 'UA', 'MA', 'SK', 'CZ', 'LT'];
    const rows = Array.from({ length: 201 }, (_, y) => nationalities.map((n) => `IS;${1900 + y};${n};${n};${y}`))
      .flat()
      .slice(0, 2500);
    const heard: Progress[] = [];
    const actor = { memberId: admin.memberId, organisationId: admin.organisationId, roles: [Role.NETWORK_ADMIN], tokenId: '' };
    const csv = ['registration_country;year;nationality;nationality_iso2;victims', ...rows].join('\n');
    const imported = await t.app.get(RegistrationStatisticsService).import(actor, { csv }, { onProgress: (p) => heard.push(p) });
    expect(imported).toEqual({ inserted: 2500, updated: 0, unchanged: 0 });
    expect(heard).toEqual([
      { done: 1000, total: 2500 },
      { done: 2000, total: 2500 },
      { done: 2500, total: 2500 },
    ]);
    const [{ count }] = await t.dataSource.query(
      `SELECT count(*)::int AS count FROM registration_figures WHERE registration_country = 'IS'`,
    );
    expect(count).toBe(2500);
  });

  it('refuses a bad file whole, naming line and column of each problem', async () => {
    const bad = [
      'registration_country,year,nationality,nationality_iso2,victims',
      'LU,2015,Luxembourg,LU,12',
      'LU,2015,Nowhere,QQ,4',
      'LU,2015,Luxembourg,LU,-1',
    ].join('\n');
    const result = await t.gql(analyst.token, IMPORT, { csv: bad });
    expect(result.errorCodes).toEqual(['BAD_USER_INPUT']);
    const place = { path: ['input', 'csv'], constraint: 'registrationFile' };
    expect(result.body.errors![0].extensions!.problems).toEqual([
      {
        ...place,
        line: 3,
        column: 'nationality_iso2',
        message: 'line 3, column 4 (nationality_iso2): is not an ISO 3166-1 alpha-2 country code',
      },
      { ...place, line: 4, column: 'victims', message: 'line 4, column 5 (victims): must be a whole number, zero or more' },
      {
        ...place,
        line: 4,
        column: 'nationality_iso2',
        message: 'line 4, column 4 (nationality_iso2): repeats the registration country, year and nationality of line 2',
      },
    ]);
    expect(await t.dataSource.query(`SELECT * FROM registration_figures WHERE registration_country = 'LU'`)).toEqual([]);
  });

  it('lets only analysts and network admins import, and count across the network', async () => {
    expect((await t.gql(caseWorker.token, IMPORT, { csv: SEED_CSV })).errorCodes).toEqual(['FORBIDDEN']);
    expect((await t.gql(caseWorker.token, REFERRALS, { groupBy: ['RECEIVER_COUNTRY'] })).errorCodes).toEqual(['FORBIDDEN']);
  });

  it('counts referrals and returns across the network, each within 2 per hidden cell of the truth, small ones suppressed', async () => {
    const result = (await t.gql(analyst.token, REFERRALS, { groupBy: ['RECEIVER_COUNTRY'] })).data.referralStatistics;
    expect(result.threshold).toBe(11);
    const byCountry = Object.fromEntries(result.rows.map((row: any) => [row.keys[0], row]));
    expect(byCountry['*'].referrals.suppressed).toBe(false);
    expect(near(byCountry['*'].referrals.value, await truth(null))).toBe(true);
    // MT may be hidden to protect another cell; shown, it is near its truth.
    if (!byCountry.MT.referrals.suppressed) expect(near(byCountry.MT.referrals.value, await truth('MT'))).toBe(true);
    // CY sent 3 and got 1 back: adjusted, each stays below 11 (or comes out 0), so no count of 1 to 10 is shown.
    for (const row of result.rows) {
      for (const count of [row.referrals, row.returns]) expect(count.value === null || count.value === 0 || count.value >= 11).toBe(true);
    }
    expect(byCountry.CY.referrals.value ?? 0).toBe(0);
    expect(recoverable(result.rows)).toEqual([]);
    expect(result.csv).toMatch(/\nCY,(<11|0),(<11|0)/);
  });

  it('gives a count the same value however it is reached: another grouping, a filter, the CSV', async () => {
    const ask = async (groupBy: string[], filter: Record<string, string[]> = { senderCountries: ['IS'] }) =>
      (
        await t.gql(
          analyst.token,
          `query($groupBy: [StatisticsDimension!]!, $filter: StatisticsFilter) {
            referralStatistics(groupBy: $groupBy, filter: $filter) { rows { keys referrals { value } returns { value } } csv } }`,
          { groupBy, filter },
        )
      ).data.referralStatistics;
    const value = (answer: { rows: { keys: string[]; referrals: { value: number }; returns: { value: number } }[] }, keys: string[]) =>
      answer.rows.find((row) => row.keys.join() === keys.join())!.referrals.value;
    // A total is the largest row of its table, so nothing hides it.
    const all = await ask([]);
    const total = value(all, []);
    expect(near(total, await truth(null))).toBe(true);
    expect(value(await ask(['RECEIVER_COUNTRY']), ['*'])).toBe(total);
    expect(value(await ask(['RECEIVER_COUNTRY', 'GENDER']), ['*', '*'])).toBe(total);
    expect(value(await ask(['STATUS', 'EXPLOITATION_TYPE']), ['*', '*'])).toBe(total);
    expect(all.csv.split('\n')[1]).toBe(`${total},${all.rows[0].returns.value}`);
    const toMalta = { senderCountries: ['IS'], receiverCountries: ['MT'] };
    const malta = value(await ask([], toMalta), []);
    expect(value(await ask(['GENDER'], toMalta), ['*'])).toBe(malta);
    expect(value(await ask(['RECEIVER_COUNTRY', 'STATUS'], toMalta), ['MT', '*'])).toBe(malta);
  });

  it('protects a two-way table with its totals', async () => {
    const result = (await t.gql(analyst.token, REFERRALS, { groupBy: ['RECEIVER_COUNTRY', 'GENDER'] })).data.referralStatistics;
    const cell = (country: string, gender: string) => result.rows.find((row: any) => row.keys[0] === country && row.keys[1] === gender);
    expect(cell('*', '*').referrals.suppressed).toBe(false);
    expect(near(cell('*', '*').referrals.value, await truth(null))).toBe(true);
    // Small cells are hidden, or shown as 0 where their adjustment came out at 0.
    for (const [country, gender] of [
      ['LU', 'MALE'],
      ['CY', 'FEMALE'],
      ['CY', '*'],
    ]) {
      const { value, suppressed } = cell(country, gender).referrals;
      expect({ country, gender, hidden: suppressed || value === 0 }).toEqual({ country, gender, hidden: true });
    }
    expect(recoverable(result.rows)).toEqual([]);
    for (const row of result.rows) {
      if (!row.referrals.suppressed && row.referrals.value > 0) expect(row.referrals.value).toBeGreaterThanOrEqual(11);
    }
  });

  describe('reintegration', () => {
    const REINTEGRATION = `query($groupBy: [StatisticsDimension!]!) {
      reintegrationStatistics(groupBy: $groupBy, filter: { senderCountries: ["IS"] }) {
        rows { keys reports { value suppressed } economic { value suppressed } social { value } psychosocial { value } } csv } }`;
    const ask = async (groupBy: string[]) => {
      const result = await t.gql(analyst.token, REINTEGRATION, { groupBy });
      expect(result.errorCodes).toEqual([]);
      return result.data.reintegrationStatistics;
    };
    const total = (answer: { rows: any[] }) => answer.rows.find((row) => row.keys.every((key: string) => key === '*'));

    it('counts reports like referrals and shows a mean only where 11 or more reports stand behind it', async () => {
      const answer = await ask(['RECEIVER_COUNTRY']);
      const byCountry = Object.fromEntries(answer.rows.map((row: any) => [row.keys[0], row]));
      // 30 reports to MT scored 4, 2 to CY scored 1: 32 reports with a mean of 3.81.
      const [real] = await t.dataSource.query(
        `SELECT count(*)::int AS count, count(DISTINCT (r.receiver_country, r.status, r.gender))::int AS cells
         FROM follow_up_reports f JOIN referrals r ON r.id = f.referral_id WHERE r.sender_country = 'IS' AND f.superseded_at IS NULL`,
      );
      expect(real.count).toBe(32);
      expect(near(byCountry['*'].reports.value, real)).toBe(true);
      // Each cell's mean is within 1.25 of its own (half-point rounding, a step of at most 1); CY's weigh at most 4 against MT's 22 or more.
      expect(Math.abs(byCountry['*'].economic.value - 3.81)).toBeLessThanOrEqual(1.5);
      expect(byCountry.CY.economic).toEqual({ value: null, suppressed: byCountry.CY.reports.suppressed });
      expect(byCountry.CY.reports.value ?? 0).toBe(0);
      expect(recoverable(answer.rows.map((row: any) => ({ keys: row.keys, referrals: row.reports })))).toEqual([]);
      for (const row of answer.rows) {
        expect(row.reports.value === null || row.reports.value === 0 || row.reports.value >= 11).toBe(true);
        if (row.economic.value !== null) {
          expect(row.reports.value).toBeGreaterThanOrEqual(11);
          expect(row.economic.value).toBeGreaterThanOrEqual(1);
          expect(row.economic.value).toBeLessThanOrEqual(5);
        }
      }
    });

    it('gives a count and a mean the same value however they are reached, the CSV included', async () => {
      const all = total(await ask([]));
      for (const groupBy of [['RECEIVER_COUNTRY'], ['GENDER', 'STATUS'], ['EXPLOITATION_TYPE', 'YEAR']]) {
        expect(total(await ask(groupBy))).toEqual({ ...all, keys: groupBy.map(() => '*') });
      }
      const csv = (await ask([])).csv.split('\n');
      expect(csv[0]).toBe('reports,economic,social,psychosocial');
      expect(csv[1]).toBe(`${all.reports.value},${all.economic.value},${all.social.value},${all.psychosocial.value}`);
    });

    it('keeps the same adjustment when a report is corrected: a new version draws nothing new', async () => {
      const before = await ask(['RECEIVER_COUNTRY', 'GENDER']);
      await t.dataSource.query(
        `WITH old AS (UPDATE follow_up_reports SET superseded_at = now()
                      WHERE id IN (SELECT f.id FROM follow_up_reports f JOIN referrals r ON r.id = f.referral_id
                                   WHERE r.receiver_country = 'MT' AND f.superseded_at IS NULL) RETURNING *)
         INSERT INTO follow_up_reports (follow_up_id, referral_id, sender_organisation_id, receiver_organisation_id, subject_id, version,
                                        economic_score, social_score, psychosocial_score, safety_level, ciphertext, submitted_by_member_id, submitted_at)
         SELECT follow_up_id, referral_id, sender_organisation_id, receiver_organisation_id, subject_id, version + 1,
                economic_score, social_score, psychosocial_score, safety_level, ciphertext, submitted_by_member_id, now() FROM old`,
      );
      expect(await ask(['RECEIVER_COUNTRY', 'GENDER'])).toEqual(before);
    });
  });

  it('counts a referral once in a total when it names several forms of exploitation', async () => {
    await t.dataSource.query(
      `UPDATE referrals SET exploitation_types = '{LABOUR,SEXUAL}'
       WHERE id IN (SELECT id FROM referrals WHERE receiver_country = 'MT' ORDER BY id LIMIT 12)`,
    );
    const byType = (await t.gql(analyst.token, REFERRALS, { groupBy: ['EXPLOITATION_TYPE'] })).data.referralStatistics.rows;
    const typed = Object.fromEntries(byType.map((row: any) => [row.keys[0], row.referrals.value]));
    expect(Object.keys(typed).sort()).toEqual(['*', 'LABOUR', 'SEXUAL']);
    // Every referral names LABOUR, so its row sums the same cells as the total: once each, not once per type.
    const plain = (await t.gql(analyst.token, REFERRALS, { groupBy: [] })).data.referralStatistics.rows[0].referrals.value;
    for (const shown of [typed['*'], typed.LABOUR]) if (shown !== null) expect(shown).toBe(plain);
    expect(typed['*'] ?? typed.LABOUR).not.toBeNull();
    const byCountry = (await t.gql(analyst.token, REFERRALS, { groupBy: ['RECEIVER_COUNTRY'] })).data.referralStatistics.rows;
    const mt = byCountry.find((row: any) => row.keys[0] === 'MT').referrals;
    if (!mt.suppressed) expect(near(mt.value, await truth('MT'))).toBe(true);
  });

  it('rejects an unknown dimension before running anything', async () => {
    expect((await t.gql(analyst.token, REFERRALS, { groupBy: ['SHOE_SIZE'] })).errorCodes).toEqual(['BAD_USER_INPUT']);
  });
});
