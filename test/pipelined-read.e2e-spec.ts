import type { ClientBase } from 'pg';
import { pipelinedQuery } from '../src/database/pipelined-query.js';
import { onPoolConnection } from '../src/database/prepared-query.js';
import { APP_ROLE, TenantDatabase } from '../src/database/tenant-database.js';
import { Party } from './support/test-environment.js';
import { TestServices } from './support/test-services.js';

const SETTING = `SELECT current_setting('app.organisation_id', true) AS acting, current_user AS role`;
const ACT = `SELECT set_config('app.organisation_id', $1, true), set_config('role', '${APP_ROLE}', true)`;

/**
 * A pipelined read sends its statements at once and ends them with one Sync.
 * These tests fail if its settings could outlive it, if a failure could leave
 * the connection unusable, or if a read could see another organisation.
 */
describe('a read in one round trip', () => {
  let t: TestServices;
  let parties: Party[];
  const onOneConnection = <T>(work: (client: ClientBase) => Promise<T>) => onPoolConnection(t.dataSource, work);

  beforeAll(async () => {
    t = await TestServices.start();
    const admin = await t.networkAdmin();
    parties = [await t.organisation(admin), await t.organisation(admin)];
  });
  afterAll(() => t.close());

  it('keeps the settings of its first statement for its last, and drops them at its end', async () => {
    const [owner] = await t.dataSource.query('SELECT current_user AS role');
    await onOneConnection(async (client) => {
      const [inside] = await pipelinedQuery(client, [
        { text: ACT, values: [parties[0].organisationId] },
        { text: SETTING, values: [] },
      ]);
      expect(inside).toEqual({ acting: parties[0].organisationId, role: APP_ROLE });
      const { rows } = await client.query(SETTING);
      expect(rows[0].role).toBe(owner.role);
      expect(rows[0].acting ?? '').toBe('');
    });
  });

  it('answers a failing statement with its error, and leaves the connection as it was', async () => {
    const divide = { text: 'SELECT 10 / $1::int AS quotient', values: [0] };
    await onOneConnection(async (client) => {
      await expect(pipelinedQuery(client, [{ text: ACT, values: [parties[0].organisationId] }, divide])).rejects.toMatchObject({
        code: '22012',
      });
      expect((await client.query(SETTING)).rows[0].acting ?? '').toBe('');
      // The same statements again, prepared or not by the failed attempt: they run.
      const [answer] = await pipelinedQuery(client, [
        { text: ACT, values: [parties[0].organisationId] },
        { ...divide, values: [5] },
      ]);
      expect(answer).toEqual({ quotient: 2 });
    });
  });

  it('skips what follows a failing statement, so nothing of it stays', async () => {
    await onOneConnection(async (client) => {
      const broken = { text: 'SELECT FROM no_such_table', values: [] };
      const lasting = { text: `SELECT set_config('app.organisation_id', $1, false)`, values: [parties[1].organisationId] };
      await expect(pipelinedQuery(client, [broken, lasting])).rejects.toMatchObject({ code: '42P01' });
      expect((await client.query(SETTING)).rows[0].acting ?? '').toBe('');
      await expect(pipelinedQuery(client, [{ text: 'SELEC 1', values: [] }])).rejects.toMatchObject({ code: '42601' });
      expect(await pipelinedQuery(client, [{ text: 'SELECT 1 AS one', values: [] }])).toEqual([{ one: 1 }]);
    });
  });

  it('shows each organisation its own rows only, however many reads overlap', async () => {
    const tenants = t.get(TenantDatabase);
    const reads = Array.from({ length: 16 }, (_, i) => parties[i % 2]).map(async (party) => {
      const [row] = await tenants.read<{ acting: string; visible: string[] }>(
        { organisationId: party.organisationId, memberId: party.memberId },
        `SELECT current_setting('app.organisation_id') AS acting, array_agg(DISTINCT organisation_id) AS visible FROM members`,
        [],
      );
      return { expected: party.organisationId, seen: [row.acting, ...row.visible] };
    });
    for (const { expected, seen } of await Promise.all(reads)) expect(new Set(seen)).toEqual(new Set([expected]));
    const [after] = await t.dataSource.query(SETTING);
    expect(after.acting ?? '').toBe('');
  });

  it('plans a read asked to be planned once with a plan it keeps, and no other read or later work', async () => {
    const tenants = t.get(TenantDatabase);
    const context = { organisationId: parties[0].organisationId, memberId: parties[0].memberId };
    const MODE = `SELECT current_setting('plan_cache_mode') AS mode`;
    const [server] = await t.dataSource.query(MODE);
    expect(server.mode).not.toBe('force_generic_plan');
    for (let i = 0; i < 3; i++) {
      expect(await tenants.read(context, MODE, [], { plannedOnce: true })).toEqual([{ mode: 'force_generic_plan' }]);
      expect(await tenants.read(context, MODE, [])).toEqual([server]);
      expect(await t.dataSource.query(MODE)).toEqual([server]);
    }
  });

  it('runs a statement that comes twice in one pipeline twice, prepared once', async () => {
    const ECHO = `SELECT $1::int AS n`;
    await onOneConnection(async (client) => {
      for (let round = 0; round < 2; round++) {
        const rows = await pipelinedQuery(client, [
          { text: ECHO, values: [1] },
          { text: ECHO, values: [2] },
        ]);
        expect(rows).toEqual([{ n: 2 }]);
      }
    });
  });
});
