import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { createDataSource, migrate } from '../src/database/data-source.js';
import { ENTITIES } from '../src/entities.js';
import { EmbeddedPostgres } from '../src/database/embedded-postgres.js';
import { MIGRATIONS } from '../migrations/index.js';
import { embeddedDataFolder } from './support/embedded-template.js';
import { ON_EMBEDDED, TEST_DATABASE_URL } from './support/test-environment.js';

/** An empty database of its own: a fresh PGlite, or a new database on the test server. */
async function emptyDatabase(): Promise<{ dataSource: DataSource; dispose: () => Promise<void> }> {
  if (ON_EMBEDDED) {
    const folder = await embeddedDataFolder({ empty: true });
    const embedded = await EmbeddedPostgres.start(folder);
    const dataSource = createDataSource(embedded.url, { entities: ENTITIES, ...embedded.pool() });
    await dataSource.initialize();
    return {
      dataSource,
      dispose: async () => {
        await dataSource.destroy();
        await embedded.stop();
        rmSync(folder, { recursive: true, force: true });
      },
    };
  }
  const name = `ravot_migrations_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const server = new DataSource({ type: 'postgres', url: TEST_DATABASE_URL });
  await server.initialize();
  await server.query(`CREATE DATABASE ${name}`);
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  const dataSource = createDataSource(url.toString(), { entities: ENTITIES, poolSize: 2 });
  await dataSource.initialize();
  return {
    dataSource,
    dispose: async () => {
      await dataSource.destroy();
      await server.query(`DROP DATABASE ${name}`);
      await server.destroy();
    },
  };
}

const tables = async (dataSource: DataSource) =>
  (
    await dataSource.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'typeorm_migrations' ORDER BY 1`)
  ).map((row: { tablename: string }) => row.tablename);

describe('migrations', () => {
  let database: Awaited<ReturnType<typeof emptyDatabase>>;

  beforeAll(async () => {
    database = await emptyDatabase();
  });
  afterAll(() => database.dispose());

  it('migrate an empty database up, all the way down, and up again', async () => {
    const { dataSource } = database;
    await migrate(dataSource, { embedded: ON_EMBEDDED });
    const migrated = await tables(dataSource);
    expect(migrated).toEqual(expect.arrayContaining(['organisations', 'members', 'api_tokens', 'audit_events']));

    for (let i = 0; i < MIGRATIONS.length; i++) await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await tables(dataSource)).toEqual([]);

    await migrate(dataSource, { embedded: ON_EMBEDDED });
    expect(await tables(dataSource)).toEqual(migrated);
  });

  it('leave nothing for TypeORM to change: entities and migrations agree', async () => {
    const log = await database.dataSource.driver.createSchemaBuilder().log();
    expect(log.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('force row-level security on every table that holds organisation rows', async () => {
    const rows = await database.dataSource.query(
      `SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity FROM pg_class c
       JOIN information_schema.columns col ON col.table_name = c.relname AND col.column_name = 'organisation_id' AND col.table_schema = 'public'
       WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const row of rows)
      expect({ table: row.relname, enabled: row.relrowsecurity, forced: row.relforcerowsecurity }).toEqual({
        table: row.relname,
        enabled: true,
        forced: true,
      });
  });
});
