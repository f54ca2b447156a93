import { craftReferrals, craftReports } from './support/crafted-referrals.js';
import { freshDatabase } from './support/fresh-database.js';
import { LinearAttack } from './support/linear-attack.js';
import { Party, TestApp } from './support/test-app.js';

const STATISTICS = `query($groupBy: [StatisticsDimension!]!, $filter: StatisticsFilter) {
  referralStatistics(groupBy: $groupBy, filter: $filter) { rows { keys referrals { value suppressed } } } }`;
const REINTEGRATION = `query($groupBy: [StatisticsDimension!]!, $filter: StatisticsFilter) {
  reintegrationStatistics(groupBy: $groupBy, filter: $filter) { rows { keys reports { value } economic { value } } } }`;

/** Referrals from two senders to four receivers: some pairs below 11, the others above. */
const NETWORK: Record<string, Record<string, { count: number; returned: number; female: number }>> = {
  IS: {
    MT: { count: 30, returned: 12, female: 18 },
    CY: { count: 5, returned: 2, female: 3 },
    LU: { count: 25, returned: 9, female: 20 },
    LI: { count: 1, returned: 0, female: 1 },
  },
  FO: {
    MT: { count: 14, returned: 6, female: 9 },
    CY: { count: 12, returned: 4, female: 7 },
    LU: { count: 3, returned: 1, female: 2 },
    LI: { count: 20, returned: 8, female: 11 },
  },
};
const SENDERS = Object.keys(NETWORK);
const RECEIVERS = Object.keys(NETWORK.IS);
const STATUSES = ['RETURNED', 'SUBMITTED'];
const GENDERS = ['FEMALE', 'MALE'];

/** The cells the attack solves for: one unknown count per sender, receiver, status and gender. */
const CELLS = SENDERS.flatMap((sender) =>
  RECEIVERS.flatMap((receiver) => STATUSES.flatMap((status) => GENDERS.map((gender) => ({ sender, receiver, status, gender })))),
);
type CellDimension = keyof (typeof CELLS)[number];
const DIMENSION: Record<string, CellDimension> = {
  SENDER_COUNTRY: 'sender',
  RECEIVER_COUNTRY: 'receiver',
  STATUS: 'status',
  GENDER: 'gender',
};

const GROUPINGS = [
  [],
  ['SENDER_COUNTRY'],
  ['RECEIVER_COUNTRY'],
  ['SENDER_COUNTRY', 'RECEIVER_COUNTRY'],
  ['STATUS'],
  ['GENDER'],
  ['SENDER_COUNTRY', 'STATUS'],
  ['RECEIVER_COUNTRY', 'GENDER'],
  ['SENDER_COUNTRY', 'GENDER', 'STATUS'],
];
const without = (all: string[], left: string[]) => all.filter((value) => !left.includes(value));
/** No filter, and every filter that leaves out one receiver, two receivers or one sender. */
const FILTERS: { senderCountries: string[]; receiverCountries: string[] }[] = [
  { senderCountries: SENDERS, receiverCountries: RECEIVERS },
  ...RECEIVERS.map((left) => ({ senderCountries: SENDERS, receiverCountries: without(RECEIVERS, [left]) })),
  ...RECEIVERS.flatMap((a, i) =>
    RECEIVERS.slice(i + 1).map((b) => ({ senderCountries: SENDERS, receiverCountries: without(RECEIVERS, [a, b]) })),
  ),
  ...SENDERS.map((left) => ({ senderCountries: without(SENDERS, [left]), receiverCountries: RECEIVERS })),
];

type Filter = (typeof FILTERS)[number];
/** The cells a shown row sums: those its filter lets through and its keys name ('*' names all). */
const membersOf = (groupBy: string[], filter: Filter, keys: string[]) =>
  CELLS.flatMap((cell, i) =>
    filter.senderCountries.includes(cell.sender) &&
    filter.receiverCountries.includes(cell.receiver) &&
    groupBy.every((dimension, d) => keys[d] === '*' || cell[DIMENSION[dimension]] === keys[d])
      ? [i]
      : [],
  );

/**
 * The attack of issue 19, as an analyst would make it: many tables, each with filters that leave out one or two
 * values, every count they show written down as an equation, and the equations solved exactly. A count below 11
 * that the equations determine, at its true value, is a person the statistics gave away. Before the counts were
 * adjusted (migration StatisticsCellKeys), this found seven, among them IS->LI = 1; the same attack on the
 * reintegration statistics, before ReintegrationCellKeys, found four counts of reports (and with them the cells' exact
 * mean scores); now it solves the adjusted means of some ten cells, and nothing nearer the truth.
 */
describe('statistics asked many ways', () => {
  let t: TestApp;
  let analyst: Party;
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let truth: number[];

  beforeAll(async () => {
    database = await freshDatabase();
    t = await TestApp.start(database.overrides);
    const admin = await t.networkAdmin();
    analyst = await t.member(await t.organisation(admin, { country: 'NL' }), ['ANALYST']);
    const receivers: Record<string, string> = {};
    for (const country of RECEIVERS) receivers[country] = (await t.organisation(admin, { country })).organisationId;
    for (const [country, pairs] of Object.entries(NETWORK)) {
      const sender = await t.organisation(admin, { country });
      const counts = Object.fromEntries(Object.entries(pairs).map(([to, pair]) => [to, { ...pair, organisationId: receivers[to] }]));
      await craftReferrals(t, sender, counts, country);
      // A report for every referral, each with a score of its own.
      for (const [to, pair] of Object.entries(pairs)) await craftReports(t, to, pair.count, null, country);
    }
    const rows: { sender: string; receiver: string; status: string; gender: string; count: string }[] = await t.dataSource.query(
      `SELECT r.sender_country AS sender, r.receiver_country AS receiver, r.status, s.gender, count(*) AS count
       FROM referrals r JOIN subjects s ON s.id = r.subject_id GROUP BY 1, 2, 3, 4`,
    );
    truth = CELLS.map((cell) =>
      Number(rows.find((row) => (['sender', 'receiver', 'status', 'gender'] as const).every((d) => row[d] === cell[d]))?.count ?? 0),
    );
  });
  afterAll(async () => {
    await t.close();
    await database.drop();
  });

  it('determines no count below 11 at its true value, however the tables are filtered', async () => {
    const attack = new LinearAttack(CELLS.length);
    for (const groupBy of GROUPINGS) {
      for (const filter of FILTERS) {
        const { data, errorCodes } = await t.gql(analyst.token, STATISTICS, { groupBy, filter });
        expect(errorCodes).toEqual([]);
        for (const row of data.referralStatistics.rows as { keys: string[]; referrals: { value: number | null } }[]) {
          if (row.referrals.value !== null) attack.learn(membersOf(groupBy, filter, row.keys), row.referrals.value);
        }
      }
    }
    // The groups the analyst solves for. A sum of several of them can come out at its true value by chance, as any
    // estimate can; nothing tells the analyst when, because each group's shown value fits several true counts
    // (test/statistics-roll-up: the adjustments).
    const recovered = CELLS.map((cell, i) => ({ name: Object.values(cell).join('/'), value: attack.determined([i]), real: truth[i] }))
      .filter(({ value, real }) => real > 0 && real < 11 && value === real)
      .map(({ name, real }) => `${name} = ${real}`);
    expect(recovered).toEqual([]);
  });

  it("determines no small cell's count of reports, nor any cell's mean better than as adjusted", async () => {
    const counts = new LinearAttack(CELLS.length);
    // Unknowns: twice each cell's adjusted count times its adjusted mean, which a row's count and mean give back exactly.
    const scores = new LinearAttack(CELLS.length);
    for (const groupBy of GROUPINGS) {
      for (const filter of FILTERS) {
        const { data, errorCodes } = await t.gql(analyst.token, REINTEGRATION, { groupBy, filter });
        expect(errorCodes).toEqual([]);
        for (const row of data.reintegrationStatistics.rows as {
          keys: string[];
          reports: { value: number | null };
          economic: { value: number | null };
        }[]) {
          const { value: reports } = row.reports;
          if (reports === null) continue;
          const members = membersOf(groupBy, filter, row.keys);
          counts.learn(members, reports);
          // A mean is shown to 2 decimals: below 50 reports, the rounding is too small to hide the weighted total.
          if (row.economic.value !== null && reports < 50) scores.learn(members, Math.round(2 * reports * row.economic.value));
        }
      }
    }
    const cells: { sender: string; receiver: string; status: string; gender: string; reports: number; adjusted: number | null }[] =
      await t.dataSource.query(
        `SELECT r.sender_country AS sender, r.receiver_country AS receiver, r.status, r.gender, count(*)::int AS reports,
                statistics_perturbed_mean(sum(f.economic_score), count(*), sum(u.statistics_key), 1)::float AS adjusted
         FROM follow_up_reports f JOIN follow_ups u ON u.id = f.follow_up_id JOIN referrals r ON r.id = f.referral_id
         WHERE f.superseded_at IS NULL GROUP BY 1, 2, 3, 4`,
      );
    const real = CELLS.map((cell) =>
      cells.find((row) => (['sender', 'receiver', 'status', 'gender'] as const).every((d) => row[d] === cell[d])),
    );
    const recovered = CELLS.flatMap((cell, i) => {
      const reports = real[i]?.reports ?? 0;
      return reports > 0 && reports < 11 && counts.determined([i]) === reports ? [`${Object.values(cell).join('/')} = ${reports}`] : [];
    });
    expect(recovered).toEqual([]);
    // Where the answers pin a cell's mean down, it is the adjusted mean, which fits at least two true ones
    // (test/statistics-roll-up): asking many ways averages nothing out.
    const solved = CELLS.flatMap((cell, i) => {
      const count = counts.determined([i]);
      const twiceWeighted = scores.determined([i]);
      if (!count || twiceWeighted === null) return [];
      return [{ cell: Object.values(cell).join('/'), mean: twiceWeighted / 2 / count, adjusted: real[i]!.adjusted }];
    });
    expect(solved.filter(({ mean, adjusted }) => mean !== adjusted)).toEqual([]);
    expect(scores.contradicted).toBe(false);
  });
});
