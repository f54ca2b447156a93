import { rmSync } from 'node:fs';
import pg from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { createDataSource } from '../src/database/data-source.js';
import { ENTITIES } from '../src/entities.js';
import { EmbeddedPostgres } from '../src/database/embedded-postgres.js';
import { embeddedDataFolder } from './support/embedded-template.js';
import { ON_EMBEDDED } from './support/test-environment.js';

/**
 * PGlite has one backend session, which outlives every connection to it. What one connection leaves in it must not
 * reach the next: the next connection starts clean, whatever the last one was doing when it went away.
 */
(ON_EMBEDDED ? describe : describe.skip)('a new connection to the embedded database', () => {
  let embedded: EmbeddedPostgres;
  let dataSource: DataSource;
  let folder: string;

  beforeAll(async () => {
    folder = await embeddedDataFolder();
    embedded = await EmbeddedPostgres.start(folder);
    dataSource = createDataSource(embedded.url, { entities: ENTITIES, ...embedded.pool() });
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await embedded.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  const pool = () => (dataSource.driver as PostgresDriver).master as pg.Pool;

  /** A connection of the pool that dies without a goodbye after `leave` has run on it. */
  async function abandon(leave: (client: pg.PoolClient) => Promise<void>): Promise<void> {
    const client = await pool().connect();
    await leave(client);
    const closed = new Promise((resolve) => client.once('end', resolve));
    (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    await closed;
    client.release(new Error('abandoned'));
  }

  /** What the session looks like to the next connection of the pool. */
  async function nextSession() {
    const client = await pool().connect();
    try {
      const [state] = (
        await client.query(
          `SELECT current_user AS "user", current_setting('app.organisation_id', true) AS organisation,
                  current_setting('plan_cache_mode') AS "planCacheMode",
                  (SELECT count(*)::int FROM pg_prepared_statements) AS prepared,
                  (SELECT count(*)::int FROM pg_cursors) AS cursors`,
        )
      ).rows;
      // Outside a transaction, a statement commits at once: a row that outlives a rollback proves none was open.
      await client.query('CREATE TEMP TABLE IF NOT EXISTS probe (n int)');
      return state;
    } finally {
      client.release();
    }
  }

  const CLEAN = { user: 'postgres', prepared: 0, cursors: 0, planCacheMode: 'auto' };

  it('has no prepared statements, settings, role or open transaction that the last one left', async () => {
    await abandon(async (client) => {
      await client.query({ name: 'left_behind', text: 'SELECT 1' });
      await client.query(`SET plan_cache_mode = force_generic_plan`);
      await client.query(`SELECT set_config('app.organisation_id', 'someone', false)`);
      await client.query('BEGIN');
      await client.query('DECLARE left_open CURSOR FOR SELECT 1');
      await client.query('SET LOCAL ROLE ravot_app');
    });
    const state = await nextSession();
    expect(state).toMatchObject(CLEAN);
    expect([null, '']).toContain(state.organisation);
  });

  it('is not left in a failed transaction', async () => {
    await abandon(async (client) => {
      await client.query('BEGIN');
      await client.query('SELECT 1/0').catch(() => undefined);
    });
    expect(await nextSession()).toMatchObject(CLEAN);
  });

  it('is not ignored because the last one died in the middle of a failed pipeline', async () => {
    await abandon(async (client) => {
      // Parse of a broken statement and no Sync: the server skips every message until it sees a Sync.
      const wire = (client as unknown as { connection: { parse(q: object): void; flush(): void } }).connection;
      wire.parse({ name: 'broken', text: 'SELEC nothing', types: [] });
      wire.flush();
      await new Promise((resolve) => setTimeout(resolve, 100));
    });
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise((resolve) => (timer = setTimeout(() => resolve('no answer in 5 s'), 5_000)));
    const answered = await Promise.race([nextSession(), gaveUp]);
    clearTimeout(timer);
    expect(answered).toMatchObject(CLEAN);
  });

  it('lets the application prepare its statements again, as after the pool closed an idle connection', async () => {
    const named = { name: 'ravot_again', text: 'SELECT 2 AS two' };
    await abandon(async (client) => void (await client.query(named)));
    const client = await pool().connect();
    try {
      expect((await client.query(named)).rows).toEqual([{ two: 2 }]);
    } finally {
      client.release();
    }
  });

  it('serves one connection at a time: the next waits, then never meets what the last one left open', async () => {
    // A database of its own: the pool above holds its connection for ever, as the service's does.
    const alone = await EmbeddedPostgres.start('memory://');
    const first = new pg.Client({ connectionString: alone.url });
    first.on('error', () => undefined); // its end, below, is the point
    await first.connect();
    await first.query('BEGIN');
    await first.query(`SELECT set_config('app.organisation_id', 'the first one', true)`);
    const second = new pg.Client({ connectionString: alone.url });
    let connected = false;
    const connecting = second.connect().then(() => (connected = true));
    await first.query('SELECT pg_sleep(0.2)');
    expect(connected).toBe(false);

    // Gone without a goodbye, in the middle of its transaction.
    const ended = new Promise((resolve) => first.once('end', resolve));
    (first as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    await ended;
    await connecting;
    try {
      const { rows } = await second.query(
        `SELECT current_setting('app.organisation_id', true) AS organisation, now() = statement_timestamp() AS fresh`,
      );
      expect([null, '']).toContain(rows[0].organisation);
      expect(rows[0].fresh).toBe(true); // a statement of its own, not one inside the first connection's transaction
    } finally {
      await second.end();
      await alone.stop();
    }
  });

  it('tells a second client that the session is taken instead of keeping it waiting for ever', async () => {
    const second = new pg.Client({ connectionString: embedded.url });
    second.on('error', () => undefined);
    await expect(second.connect()).rejects.toMatchObject({ code: '53300' });
  }, 30_000);
});
