import { readFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { TestServices } from './support/test-services.js';

/**
 * docs/scaling.md places every table for Citus: distributed by an organisation column, a reference table, or local.
 * This reads that table and the migrated database, so that a new table, or a tenant table without the column the
 * plan distributes it by, fails here instead of at the first attempt to distribute.
 */
interface Placement {
  table: string;
  placement: 'distributed' | 'reference' | 'local';
  column: string;
}

function readPlan(): Placement[] {
  const rows = readFileSync('docs/scaling.md', 'utf8')
    .split('\n')
    .filter((line) => /^\| [a-z_]+ \| (distributed|reference|local) \|/.test(line));
  return rows.map((line) => {
    const [table, placement, column] = line
      .split('|')
      .map((cell) => cell.trim())
      .slice(1, 4);
    return { table, placement: placement as Placement['placement'], column };
  });
}

interface TableFacts {
  table: string;
  rowSecurity: boolean;
  columns: Map<string, { type: string; notNull: boolean }>;
}

async function tablesOf(dataSource: DataSource): Promise<TableFacts[]> {
  const rows: { table: string; row_security: boolean; column: string; type: string; not_null: boolean }[] = await dataSource.query(
    `SELECT c.relname AS table, c.relrowsecurity AS row_security, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
            a.attnotnull AS not_null
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> 'typeorm_migrations'`,
  );
  const tables = new Map<string, TableFacts>();
  for (const row of rows) {
    const facts = tables.get(row.table) ?? { table: row.table, rowSecurity: row.row_security, columns: new Map() };
    facts.columns.set(row.column, { type: row.type, notNull: row.not_null });
    tables.set(row.table, facts);
  }
  return [...tables.values()];
}

/** Tables of the database that the plan does not place, and planned tables the database does not have. */
function unplaced(plan: Placement[], tables: TableFacts[]): string[] {
  const planned = plan.map((p) => p.table);
  const inDatabase = tables.map((t) => t.table);
  return [
    ...inDatabase.filter((table) => !planned.includes(table)).map((table) => `${table} is not in the plan`),
    ...planned.filter((table) => !inDatabase.includes(table)).map((table) => `${table} is planned but not in the database`),
  ];
}

/** Distributed tables whose distribution column is missing, not an organisation's, not a uuid or nullable. */
function distributionProblems(plan: Placement[], tables: TableFacts[]): string[] {
  return plan
    .filter((p) => p.placement === 'distributed')
    .flatMap((p) => {
      const column = tables.find((t) => t.table === p.table)?.columns.get(p.column);
      if (!/organisation_id$/.test(p.column)) return [`${p.table}: ${p.column} is not an organisation column`];
      if (!column) return [`${p.table} has no column ${p.column}`];
      if (column.type !== 'uuid' || !column.notNull)
        return [`${p.table}.${p.column} is ${column.type}${column.notNull ? '' : ', nullable'}`];
      return [];
    });
}

describe('the Citus plan (docs/scaling.md) against the migrated database', () => {
  let services: TestServices;
  let tables: TableFacts[];
  const plan = readPlan();

  beforeAll(async () => {
    services = await TestServices.start();
    tables = await tablesOf(services.dataSource);
  });
  afterAll(() => services.close());

  it('reads a plan that places tables in all three ways', () => {
    expect(plan.filter((p) => p.placement === 'distributed').length).toBeGreaterThan(5);
    expect(plan.map((p) => p.placement)).toEqual(expect.arrayContaining(['reference', 'local']));
  });

  it('places every table of the database, and no table that is not there', () => {
    expect(unplaced(plan, tables)).toEqual([]);
  });

  it('distributes each table by an organisation column it has: a uuid that is never null', () => {
    expect(distributionProblems(plan, tables)).toEqual([]);
  });

  it('keeps every table under row-level security off the coordinator-only list: tenant data is distributed or shared', () => {
    const local = plan.filter((p) => p.placement === 'local').map((p) => p.table);
    expect(tables.filter((t) => t.rowSecurity && local.includes(t.table)).map((t) => t.table)).toEqual([]);
  });

  it('catches a new tenant table that is not placed, and a distributed one without its organisation column', () => {
    const newTable: TableFacts = { table: 'case_notes', rowSecurity: true, columns: new Map([['id', { type: 'uuid', notNull: true }]]) };
    expect(unplaced(plan, [...tables, newTable])).toEqual(['case_notes is not in the plan']);
    const placed: Placement = { table: 'case_notes', placement: 'distributed', column: 'organisation_id' };
    expect(distributionProblems([...plan, placed], [...tables, newTable])).toEqual(['case_notes has no column organisation_id']);
    const nullable = { ...newTable, columns: new Map([['organisation_id', { type: 'uuid', notNull: false }]]) };
    expect(distributionProblems([...plan, placed], [...tables, nullable])).toEqual(['case_notes.organisation_id is uuid, nullable']);
  });
});
