import { freshDatabase } from './support/fresh-database.js';
import { TestApp } from './support/test-app.js';

/**
 * Ready means a request would get through, not merely that the database answers `SELECT 1`: once, the embedded
 * database answered every request with an internal error while /ready said "ready".
 */
describe('/ready', () => {
  let t: TestApp;
  let database: Awaited<ReturnType<typeof freshDatabase>>;

  // A database of its own: the token look-up is broken on purpose below, and other suites must not see it.
  beforeAll(async () => {
    database = await freshDatabase();
    t = await TestApp.start(database.overrides);
  });
  afterAll(async () => {
    await t?.close();
    await database?.drop();
  });

  it('answers 503 while the token look-up that every request starts with fails, and 200 again once it works', async () => {
    const [{ definition }] = await t.dataSource.query(
      `SELECT pg_get_functiondef('authenticate_api_token(text)'::regprocedure) AS definition`,
    );
    expect(await t.http.get('/ready').then((response) => [response.status, response.body])).toEqual([200, { status: 'ready' }]);

    await t.dataSource.query(`CREATE OR REPLACE FUNCTION authenticate_api_token(p_token_hash text)
      RETURNS TABLE (member_id uuid, organisation_id uuid, roles text[], token_id uuid)
      LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'broken for the test'; END $$`);
    try {
      expect((await t.dataSource.query('SELECT 1 AS one'))[0].one).toBe(1);
      expect(await t.http.get('/ready').then((response) => [response.status, response.body])).toEqual([503, { status: 'unavailable' }]);
    } finally {
      await t.dataSource.query(definition);
    }
    expect((await t.http.get('/ready')).status).toBe(200);
  });
});
