import { ROOT_FIELD_COST } from '../src/graphql/cost-limits.js';
import { AppConfig } from '../src/config/app-config.js';
import { UsageWindows } from '../src/auth/usage-windows.js';
import { HTCDS_COLUMNS } from '../src/exchange/htcds/htcds-case.js';
import { Party, TestApp } from './support/test-app.js';

const ME = '{ me { id } }';
const ME_COST = ROOT_FIELD_COST + 1;

/**
 * Budgets of query cost a minute, per token and per organisation, counted in windows that every replica shares
 * through the database.
 */
describe('cost budgets', () => {
  let t: TestApp;
  let admin: Party;
  let spender: Party;
  let colleague: Party;

  beforeAll(async () => {
    t = await TestApp.start({ COST_PER_MINUTE_PER_TOKEN: String(10 * ME_COST), COST_PER_MINUTE_PER_ORGANISATION: String(15 * ME_COST) });
    admin = await t.networkAdmin();
    spender = await t.organisation(admin);
    colleague = await t.member(spender, ['CASE_WORKER']);
  });
  afterAll(async () => {
    await t.close();
    delete process.env.COST_PER_MINUTE_PER_TOKEN;
    delete process.env.COST_PER_MINUTE_PER_ORGANISATION;
  });

  const me = (party: Party) => t.http.post('/graphql').set('authorization', `Bearer ${party.token}`).send({ query: ME });

  it("refuses a token's operations once its budget of the minute is spent, then the organisation's, and no other organisation's", async () => {
    const windows = t.app.get(UsageWindows);
    const minute = 60_000;
    // The test starts at the beginning of a minute of the windows' clock, a minute of its own (the set-up's requests
    // counted in another), so that no minute ends during it.
    const start = Math.ceil(Date.now() / minute) * minute;
    windows.now = () => start + 1_000;
    try {
      for (let i = 0; i < 10; i++) expect((await me(spender)).body.data.me.id).toBe(spender.memberId);
      const refused = await me(spender);
      expect(refused.status).toBe(429);
      expect(refused.headers['retry-after']).toBe('59');
      expect(refused.body.data).toBeNull();
      expect(refused.body.errors[0]).toMatchObject({
        message: `Your token has spent its budget of ${10 * ME_COST} a minute in query cost (this query costs ${ME_COST}): try again in 59 seconds, or ask for less at once.`,
        extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 59 },
      });

      // Another token of the same organisation has its own budget, until the organisation's is spent: 15 answered in
      // all (the refused request did not count against the organisation).
      for (let i = 0; i < 5; i++) expect((await me(colleague)).status).toBe(200);
      const organisationSpent = await me(colleague);
      expect(organisationSpent.status).toBe(429);
      expect(organisationSpent.body.errors[0].message).toMatch(/^Your organisation has spent its budget of 765 a minute/);
      expect((await me(admin)).body.data.me.id).toBe(admin.memberId);

      // The next minute, the budgets are whole again.
      windows.now = () => start + minute + 1_000;
      expect((await me(spender)).body.data.me.id).toBe(spender.memberId);
    } finally {
      windows.now = Date.now;
    }
  });

  it('charges an HTCDS export by its page size before reading anything, and refuses a page above the budget', async () => {
    const exporter = await t.member(await t.organisation(admin), ['CASE_WORKER']);
    const exportOf = (perPage: number) =>
      t.http.get(`/exports/htcds.json?per_page=${perPage}`).set('authorization', `Bearer ${exporter.token}`);
    const small = await exportOf(1);
    expect(small.status).toBe(200);
    expect(small.body).toMatchObject({ page: 1, perPage: 1, totalCases: 0, totalPages: 0, cases: [] });
    const tooMuch = await exportOf(Math.ceil((10 * ME_COST) / HTCDS_COLUMNS.length) + 1);
    expect(tooMuch.status).toBe(429);
    expect(tooMuch.body).toMatchObject({
      statusCode: 429,
      code: 'RATE_LIMITED',
      message: expect.stringMatching(/^Your token has spent its budget/),
    });
    const [{ exports }] = await t.dataSource.query(
      `SELECT count(*)::int AS exports FROM audit_events WHERE organisation_id = $1 AND action LIKE 'exchange.htcds_export%'`,
      [exporter.organisationId],
    );
    // Only the small page's export happened.
    expect(exports).toBe(1);
  });

  it('adds up what every replica counted, through the database', async () => {
    const key = `cost:token:${spender.memberId}`;
    const replicas = [0, 1].map(() => new UsageWindows(t.app.get(AppConfig), t.dataSource));
    expect(replicas[0].add(key, 5)).toBe(5);
    expect(replicas[1].add(key, 7)).toBe(7);
    await replicas[0].share();
    await replicas[1].share();
    // The first replica learns the second one's count at its next exchange.
    expect(replicas[1].add(key, 0)).toBe(12);
    await replicas[0].share();
    expect(replicas[0].add(key, 1)).toBe(13);
    const [row] = await t.dataSource.query(`SELECT used FROM usage_windows WHERE key = $1`, [key]);
    expect(Number(row.used)).toBe(12);
  });
});
