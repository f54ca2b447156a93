import { onPoolConnection } from '../src/database/prepared-query.js';
import { TenantDatabase } from '../src/database/tenant-database.js';
import { Party } from './support/test-environment.js';
import { TestServices } from './support/test-services.js';

const MEMBERS_OF = 'SELECT DISTINCT organisation_id FROM members WHERE organisation_id = ANY ($1::uuid[])';
const PLANS = 'SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement = $1';

/**
 * A write transaction sends TypeORM's statements as named prepared statements, planned once per connection
 * (namedStatements, plan_cache_mode). These tests fail if a write planned them anew each time, if a plan kept for
 * one organisation let another see its rows, or if the naming or the setting outlived the write.
 */
describe('the statements of a write', () => {
  let t: TestServices;
  let parties: Party[];
  let tenants: TenantDatabase;
  const contextOf = (party: Party) => ({ organisationId: party.organisationId, memberId: party.memberId });

  beforeAll(async () => {
    t = await TestServices.start();
    const admin = await t.networkAdmin();
    parties = [await t.organisation(admin), await t.organisation(admin)];
    tenants = t.get(TenantDatabase);
  });
  afterAll(() => t.close());

  it('are prepared and planned once, for any values', async () => {
    const plans = await tenants.together(contextOf(parties[0]), async (manager) => {
      for (let i = 0; i < 3; i++) await manager.query(MEMBERS_OF, [[parties[0].organisationId]]);
      return manager.query(PLANS, [MEMBERS_OF]);
    });
    expect(plans).toHaveLength(1);
    expect(Number(plans[0].custom_plans)).toBe(0);
    expect(Number(plans[0].generic_plans)).toBeGreaterThanOrEqual(3);
  });

  it('show each organisation its own rows only, with the plan kept from another', async () => {
    const both = parties.map((party) => party.organisationId);
    for (let round = 0; round < 8; round++) {
      const party = parties[round % 2];
      const seen = await tenants.together(contextOf(party), (manager) => manager.query(MEMBERS_OF, [both]));
      expect(seen).toEqual([{ organisation_id: party.organisationId }]);
    }
  });

  it('leave the connection as it was once the write ends, committed or not', async () => {
    await expect(
      tenants.together(contextOf(parties[0]), async (manager) => {
        await manager.query(MEMBERS_OF, [[parties[0].organisationId]]);
        throw new Error('the write fails');
      }),
    ).rejects.toThrow('the write fails');
    const clients = await Promise.all(
      [0, 1, 2].map(() =>
        onPoolConnection(t.dataSource, async (client) => ({
          named: Object.prototype.hasOwnProperty.call(client, 'query'),
          mode: (await client.query('SHOW plan_cache_mode')).rows[0].plan_cache_mode as string,
        })),
      ),
    );
    for (const client of clients) expect(client).toEqual({ named: false, mode: 'auto' });
  });
});
