import { randomUUID } from 'node:crypto';
import { TenantDatabase } from '../src/database/tenant-database.js';
import { Party } from './support/test-environment.js';
import { TestServices } from './support/test-services.js';

/**
 * The database enforces tenant isolation by itself: these queries carry no
 * WHERE on the organisation, and still see only the acting organisation's rows.
 */
describe('row-level security in PostgreSQL', () => {
  let t: TestServices;
  let tenants: TenantDatabase;
  let a: Party;
  let b: Party;

  beforeAll(async () => {
    t = await TestServices.start();
    tenants = t.get(TenantDatabase);
    const admin = await t.networkAdmin();
    a = await t.organisation(admin);
    b = await t.organisation(admin);
  });
  afterAll(() => t.close());

  const asA = <T>(work: Parameters<TenantDatabase['run']>[1]) =>
    tenants.run({ organisationId: a.organisationId, memberId: a.memberId }, work) as Promise<T>;

  it('runs request transactions as the application role, not as the owner', async () => {
    const [row] = await asA<{ current_user: string }[]>((manager) => manager.query('SELECT current_user'));
    expect(row.current_user).toBe('ravot_app');
  });

  it.each(['members', 'api_tokens', 'audit_events'])('a plain SELECT on %s returns none of another organisation’s rows', async (table) => {
    const rows = await asA<{ organisation_id: string }[]>((manager) => manager.query(`SELECT organisation_id FROM ${table}`));
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((row) => row.organisation_id))).toEqual(new Set([a.organisationId]));
    const all = await t.dataSource.query(`SELECT count(*) FROM ${table} WHERE organisation_id = $1`, [b.organisationId]);
    expect(Number(all[0].count)).toBeGreaterThan(0);
  });

  it('cannot write a row into another organisation', async () => {
    const write = asA((manager) =>
      manager.query(`INSERT INTO members (organisation_id, display_name, email, roles) VALUES ($1, 'Intruder', $2, '{CASE_WORKER}')`, [
        b.organisationId,
        `${randomUUID()}@x.example`,
      ]),
    );
    await expect(write).rejects.toThrow(/row-level security/);
  });

  it("cannot change another organisation's rows", async () => {
    const changed = await asA<[unknown[], number]>((manager) =>
      manager.query(`UPDATE members SET display_name = 'Changed' WHERE organisation_id = $1`, [b.organisationId]),
    );
    expect(changed[1]).toBe(0);
    const names = await t.dataSource.query(`SELECT display_name FROM members WHERE organisation_id = $1`, [b.organisationId]);
    expect(names.some((row: { display_name: string }) => row.display_name === 'Changed')).toBe(false);
  });

  it('lets only a network admin create organisations, checked by the database', async () => {
    const create = asA((manager) =>
      manager.query(`INSERT INTO organisations (name, country, kind) VALUES ($1, 'HU', 'NGO')`, [randomUUID()]),
    );
    await expect(create).rejects.toThrow(/row-level security/);
  });

  it('sees nothing at all without an acting organisation', async () => {
    const rows = await t.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT set_config('role', 'ravot_app', true)`);
      return manager.query('SELECT * FROM members');
    });
    expect(rows).toEqual([]);
  });

  it('leaves no role or organisation behind on the pooled connection', async () => {
    await asA((manager) => manager.query('SELECT 1'));
    const [row] = await t.dataSource.query(`SELECT current_user, current_setting('app.organisation_id', true) AS organisation`);
    expect(row.current_user).not.toBe('ravot_app');
    expect(row.organisation ?? '').toBe('');
  });
});
