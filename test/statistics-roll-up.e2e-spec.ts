import { craftReferrals } from './support/crafted-referrals.js';
import { freshDatabase } from './support/fresh-database.js';
import { Party } from './support/test-environment.js';
import { TestServices } from './support/test-services.js';

type Row = { keys: string[]; referrals: string; returns: string };
const sorted = (rows: Row[]) => [...rows].sort((a, b) => a.keys.join('/').localeCompare(b.keys.join('/')));

const GROUPINGS: [string[], number[] | null, string[] | null, string[] | null][] = [
  [[], null, null, null],
  [['SENDER_COUNTRY', 'RECEIVER_COUNTRY'], null, null, null],
  [['EXPLOITATION_TYPE'], null, null, null],
  [['YEAR', 'EXPLOITATION_TYPE', 'STATUS'], null, null, null],
  [['EXPLOITATION_TYPE', 'RECEIVER_COUNTRY', 'AGE_BAND', 'YEAR'], null, null, null],
  [['STATUS', 'AGE_BAND'], null, ['IS'], ['MT', 'LU']],
  [['EXPLOITATION_TYPE', 'RECEIVER_COUNTRY'], [new Date().getUTCFullYear() - 2], null, null],
  [['RECEIVER_COUNTRY'], null, ['ZZ'], null],
];

/**
 * The referral counts come from a roll-up that statement-level triggers keep
 * (migration ReferralStatisticsRollUp). Whatever is written, the roll-up must
 * answer exactly what counting the rows answers (referral_statistics_from_rows,
 * which still serves the groupings by gender), and nobody but the functions
 * may read it.
 */
describe('the referral statistics roll-up', () => {
  let t: TestServices;
  let sender: Party;
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  const query = (text: string, values: unknown[] = []) => t.dataSource.query(text, values);

  async function expectRollUpToMatchRows() {
    for (const [groupBy, years, senders, receivers] of GROUPINGS) {
      const args = [groupBy, years, senders, receivers];
      const fromRollUp: Row[] = await query('SELECT * FROM referral_statistics($1, $2, $3, $4)', args);
      const fromRows: Row[] = await query('SELECT * FROM referral_statistics_from_rows($1, $2, $3, $4)', args);
      expect({ groupBy, rows: sorted(fromRollUp) }).toEqual({ groupBy, rows: sorted(fromRows) });
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
  });
  afterAll(async () => {
    await t.close();
    await database.drop();
  });

  it('counts what was there when it was created, and every referral once in a total over exploitation types', async () => {
    await expectRollUpToMatchRows();
    const [total] = await query(`SELECT * FROM referral_statistics('{EXPLOITATION_TYPE}', NULL, '{IS}', NULL) WHERE keys = '{*}'`);
    expect(total).toMatchObject({ referrals: '65', returns: '15' });
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
    await expectRollUpToMatchRows();
    const [total] = await query(`SELECT * FROM referral_statistics('{}', NULL, '{IS}', NULL)`);
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
