import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../src/common/errors.js';
import { onPoolConnection } from '../src/database/prepared-query.js';
import { endSharedReads, requestTransaction, shareReads } from '../src/database/request-transaction.js';
import { deferToCommit, TenantDatabase } from '../src/database/tenant-database.js';
import { ON_EMBEDDED, Party } from './support/test-environment.js';
import { TestServices } from './support/test-services.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * PGlite has one backend session. If two requests' transactions could share
 * it at once, one would read the other's settings (and so the other's tenant)
 * or commit the other's half-done work. These tests fail if that can happen.
 */
describe('concurrent requests keep their transactions apart', () => {
  let t: TestServices;
  let tenants: TenantDatabase;
  let parties: Party[];

  beforeAll(async () => {
    t = await TestServices.start();
    tenants = t.get(TenantDatabase);
    const admin = await t.networkAdmin();
    parties = [];
    for (let i = 0; i < 4; i++) parties.push(await t.organisation(admin));
  });
  afterAll(() => t.close());

  (ON_EMBEDDED ? it : it.skip)('uses one pooled connection on the embedded database', () => {
    expect((t.get(DataSource).options as { poolSize?: number }).poolSize).toBe(1);
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

  it('sends what a write deferred to its commit after the rest of its work, in its transaction: a failing one undoes the write', async () => {
    const [party] = parties;
    const context = { organisationId: party.organisationId, memberId: party.memberId };
    const nameOf = async () =>
      (await t.dataSource.query(`SELECT display_name FROM members WHERE id = $1`, [party.memberId]))[0].display_name;
    const marker = `Deferred ${Date.now()}`;
    await tenants.run(context, async (manager) => {
      const deferred = deferToCommit(manager, () => ({
        text: `UPDATE members SET display_name = display_name || ' as ' || current_setting('app.organisation_id') WHERE id = $1`,
        values: [party.memberId],
      }));
      expect(deferred).toBe(true);
      await manager.query(`UPDATE members SET display_name = $1 WHERE id = $2`, [marker, party.memberId]);
    });
    expect(await nameOf()).toBe(`${marker} as ${party.organisationId}`);

    const failing = tenants.run(context, async (manager) => {
      await manager.query(`UPDATE members SET display_name = 'must not stay' WHERE id = $1`, [party.memberId]);
      deferToCommit(manager, () => ({ text: 'SELECT 1 / 0', values: [] }));
    });
    await expect(failing).rejects.toThrow(/division by zero/);
    expect(await nameOf()).toBe(`${marker} as ${party.organisationId}`);
    // Outside a write there is no commit to wait for: the caller is told to run the statement itself.
    expect(deferToCommit(t.dataSource.manager, () => ({ text: 'SELECT 1', values: [] }))).toBe(false);
  });
});

/**
 * A request that only reads runs all its work in one transaction (request-transaction.ts): these drive the same
 * calls the GraphQL plugin makes, as a request would, against the database.
 */
describe("a read-only request's one transaction", () => {
  let t: TestServices;
  let tenants: TenantDatabase;
  let party: Party;
  let other: Party;

  beforeAll(async () => {
    t = await TestServices.start();
    tenants = t.get(TenantDatabase);
    const admin = await t.networkAdmin();
    party = await t.organisation(admin);
    other = await t.organisation(admin);
  });
  afterAll(() => t.close());

  /** Runs `work` as one HTTP request's handling would, inside the request's place for its transaction. */
  const inRequest = <T>(work: () => Promise<T>) =>
    new Promise<T>((resolve, reject) =>
      requestTransaction({} as Request, {} as Response, () => {
        work()
          .finally(() => endSharedReads())
          .then(resolve, reject);
      }),
    );
  const acting = (p: Party) => ({ organisationId: p.organisationId, memberId: p.memberId });
  const transactionOf = (p: Party) =>
    tenants.run(acting(p), async (manager) => String((await manager.query('SELECT txid_current() AS id'))[0].id));

  it('shares one transaction among all the reads of a query, committed at its end', async () => {
    const [first, second, committed] = await inRequest(async () => {
      shareReads();
      const ids = await Promise.all([transactionOf(party), transactionOf(party)]);
      return [...ids, await endSharedReads()];
    });
    expect(first).toBe(second);
    expect(committed).toBe(true);
  });

  it('gives each piece of work its own transaction until the request is known to only read (a mutation)', async () => {
    const [first, second] = await inRequest(() => Promise.all([transactionOf(party), transactionOf(party)]));
    expect(first).not.toBe(second);
  });

  // On the embedded database the other organisation's work would wait for the one connection, which the shared
  // transaction holds: a request acts for one organisation, so no request does this.
  (ON_EMBEDDED ? it.skip : it)('never shares the transaction with work done for another organisation', async () => {
    const [mine, theirs] = await inRequest(async () => {
      shareReads();
      const ids = [await transactionOf(party), await transactionOf(other)];
      await endSharedReads();
      return ids;
    });
    expect(mine).not.toBe(theirs);
  });

  it('reports the reads as lost when a statement failed, so that the answer is withheld', async () => {
    const outcome = await inRequest(async () => {
      shareReads();
      const failure = await tenants.run(acting(party), (manager) => manager.query('SELECT 1 / 0')).catch((error: Error) => error);
      return { failure, committed: await endSharedReads() };
    });
    expect(outcome.failure).toBeInstanceOf(Error);
    expect(outcome.committed).toBe(false);
    // The connection went back to the pool in order: the next request reads as usual.
    expect(await inRequest(() => transactionOf(party))).toMatch(/^\d+$/);
  });

  it('leaves no connection taken when the answer goes out while its transaction is still opening', async () => {
    const pool = (t.get(DataSource).driver as unknown as { master: { totalCount: number; idleCount: number } }).master;
    await inRequest(async () => {
      shareReads();
      // A field graphql-js no longer waits for (a sibling of a failed non-null field) starts reading as the answer ends.
      const late = transactionOf(party).catch(() => 'too late');
      await endSharedReads();
      await late;
    });
    expect(pool.totalCount).toBe(pool.idleCount);
    // On the embedded database a connection left taken would keep this waiting until the pool gives up.
    expect(await inRequest(() => transactionOf(party))).toMatch(/^\d+$/);
  });

  it('keeps the reads when a rule refused (a NotFound), which PostgreSQL never saw', async () => {
    const committed = await inRequest(async () => {
      shareReads();
      await tenants
        .run(acting(party), async () => {
          throw new NotFoundError('Referral');
        })
        .catch(() => undefined);
      await transactionOf(party);
      return endSharedReads();
    });
    expect(committed).toBe(true);
  });

  describe('its statements', () => {
    const MEMBERS_OF = 'SELECT DISTINCT organisation_id FROM members WHERE organisation_id = ANY ($1::uuid[])';
    const PLANS = 'SELECT count(*)::int AS named, sum(custom_plans)::int AS custom FROM pg_prepared_statements WHERE statement = $1';
    /** Runs `text` three times in one read-only request for `p`, and reads what the connection has prepared of it. */
    const preparedAfterThree = (p: Party, text: string, values: unknown[]) =>
      inRequest(async () => {
        shareReads();
        return tenants.run(acting(p), async (manager) => {
          for (let i = 0; i < 3; i++) await manager.query(text, values);
          return (await manager.query(PLANS, [text]))[0] as { named: number; custom: number | null };
        });
      });

    it('are prepared on their connection, and planned as PostgreSQL chooses', async () => {
      const plans = await preparedAfterThree(party, MEMBERS_OF, [[party.organisationId]]);
      // The plan_cache_mode of a read is PostgreSQL's own: its first plans are made for the values.
      expect(plans).toEqual({ named: 1, custom: expect.any(Number) });
      expect(plans.custom).toBeGreaterThanOrEqual(3);
    });

    it("show each organisation its own rows only, with the statement another organisation's request prepared", async () => {
      const both = [party.organisationId, other.organisationId];
      for (let round = 0; round < 8; round++) {
        const p = round % 2 ? other : party;
        const seen = await inRequest(async () => {
          shareReads();
          return tenants.run(acting(p), (manager) => manager.query(MEMBERS_OF, [both]));
        });
        expect(seen).toEqual([{ organisation_id: p.organisationId }]);
      }
    });

    it("go unnamed when they carry a batch's list of keys, a text for each length of the list", async () => {
      const ids = Array.from({ length: 9 }, (_, i) => (i ? `00000000-0000-4000-8000-00000000000${i}` : party.organisationId));
      const list = `SELECT DISTINCT organisation_id FROM members WHERE organisation_id IN (${ids.map((_, i) => `$${i + 1}`).join(', ')})`;
      expect(await preparedAfterThree(party, list, ids)).toEqual({ named: 0, custom: null });
    });

    it('leave the connection with its own query method once the request ends', async () => {
      await preparedAfterThree(party, MEMBERS_OF, [[party.organisationId]]);
      const named = await onPoolConnection(t.dataSource, async (client) => Object.prototype.hasOwnProperty.call(client, 'query'));
      expect(named).toBe(false);
    });
  });
});
