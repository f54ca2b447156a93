import { DataSource } from 'typeorm';
import { TenantDatabase } from '../src/database/tenant-database.js';
import { ON_EMBEDDED, Party, TestApp } from './support/test-app.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * PGlite has one backend session. If two requests' transactions could share
 * it at once, one would read the other's settings (and so the other's tenant)
 * or commit the other's half-done work. These tests fail if that can happen.
 */
describe('concurrent requests keep their transactions apart', () => {
  let t: TestApp;
  let tenants: TenantDatabase;
  let parties: Party[];

  beforeAll(async () => {
    t = await TestApp.start();
    tenants = t.app.get(TenantDatabase);
    const admin = await t.networkAdmin();
    parties = [];
    for (let i = 0; i < 4; i++) parties.push(await t.organisation(admin));
  });
  afterAll(() => t.close());

  (ON_EMBEDDED ? it : it.skip)('uses one pooled connection on the embedded database', () => {
    expect((t.app.get(DataSource).options as { poolSize?: number }).poolSize).toBe(1);
  });

  it("never lets one transaction see another's organisation, however they overlap", async () => {
    const observations = await Promise.all(
      Array.from({ length: 24 }, (_, i) => parties[i % parties.length]).map((party) =>
        tenants.run({ organisationId: party.organisationId, memberId: party.memberId }, async (manager) => {
          const seen: string[] = [];
          for (let step = 0; step < 3; step++) {
            await pause(Math.random() * 5); // yield, so that other transactions could slip in between statements
            const rows = await manager.query(
              `SELECT current_setting('app.organisation_id') AS acting, array_agg(DISTINCT organisation_id) AS visible FROM members`,
            );
            seen.push(rows[0].acting, ...rows[0].visible);
          }
          return { expected: party.organisationId, seen };
        }),
      ),
    );
    for (const { expected, seen } of observations) expect(new Set(seen)).toEqual(new Set([expected]));
  });

  it('rolls back only the failing transaction, while others commit', async () => {
    const [good, bad] = parties;
    const marker = `Rollback probe ${Date.now()}`;
    const results = await Promise.allSettled([
      tenants.run({ organisationId: bad.organisationId, memberId: bad.memberId }, async (manager) => {
        await manager.query(`UPDATE members SET display_name = $1 WHERE id = $2`, [marker, bad.memberId]);
        await pause(10);
        throw new Error('fails after writing');
      }),
      tenants.run({ organisationId: good.organisationId, memberId: good.memberId }, async (manager) => {
        await pause(2);
        await manager.query(`UPDATE members SET display_name = $1 WHERE id = $2`, [marker, good.memberId]);
      }),
    ]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'fulfilled']);
    const rows = await t.dataSource.query('SELECT id FROM members WHERE display_name = $1', [marker]);
    expect(rows.map((row: { id: string }) => row.id)).toEqual([good.memberId]);
  });

  it('answers concurrent API requests from different organisations each with their own data', async () => {
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) => parties[i % parties.length]).map(async (party) => ({
        party,
        result: await t.gql(party.token, '{ me { organisation { id } } members { edges { node { organisation { id } } } } }'),
      })),
    );
    for (const { party, result } of results) {
      expect(result.data.me.organisation.id).toBe(party.organisationId);
      const seen = result.data.members.edges.map((edge: any) => edge.node.organisation.id);
      expect(new Set(seen)).toEqual(new Set([party.organisationId]));
    }
  });
});
