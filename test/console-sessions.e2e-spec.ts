import { hash } from 'node:crypto';
import { useBuiltConsole } from './support/console-build.js';
import { freshDatabase } from './support/fresh-database.js';
import { Party, TestApp } from './support/test-app.js';

const ME = { query: '{ me { displayName organisation { id } } }' };

/** The session cookie's value out of a Set-Cookie answer. */
const sessionOf = (setCookie: string[] | string | undefined): string =>
  /ravot_session=([^;]*)/.exec([setCookie ?? []].flat().join('\n'))?.[1] ?? '';

describe('console sessions', () => {
  let t: TestApp;
  let org: Party;
  let worker: Party;
  let other: Party;

  let drop: () => Promise<void>;

  beforeAll(async () => {
    await useBuiltConsole();
    // A database of its own: the row-level security check lists every organisation's sessions.
    const fresh = await freshDatabase();
    drop = fresh.drop;
    t = await TestApp.start(fresh.overrides);
    const admin = await t.networkAdmin();
    org = await t.organisation(admin, { country: 'NL', kind: 'SHELTER' });
    worker = await t.member(org, ['CASE_WORKER']);
    other = await t.organisation(admin, { country: 'HU' });
  });
  afterAll(async () => {
    await t?.close();
    await drop?.();
  });

  const signIn = (token: string, headers: Record<string, string> = {}) =>
    t.http.post('/console/session').set('content-type', 'application/json').set(headers).send({ token });
  const asSession = (session: string, headers: Record<string, string> = {}) =>
    t.http.post('/graphql').set('content-type', 'application/json').set('cookie', `ravot_session=${session}`).set(headers).send(ME);

  it('exchanges a token for an HttpOnly, SameSite=Strict cookie that acts as the member, and keeps only a hash', async () => {
    const answer = await signIn(worker.token);
    expect(answer.status).toBe(200);
    const cookie = [answer.headers['set-cookie']].flat().join();
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toMatch(/Secure/); // plain HTTP here
    expect(cookie).not.toContain(worker.token);
    const session = sessionOf(answer.headers['set-cookie']);
    expect((await asSession(session)).body.data.me.organisation.id).toBe(org.organisationId);

    const rows = await t.dataSource.query(`SELECT session_hash FROM console_sessions WHERE organisation_id = $1`, [org.organisationId]);
    expect(rows.map((row: { session_hash: string }) => row.session_hash)).toContain(hash('sha256', session, 'hex'));
    expect(JSON.stringify(rows)).not.toContain(session);
  });

  it('marks the cookie Secure when the request came over HTTPS through a proxy on this machine', async () => {
    const answer = await signIn(worker.token, { 'x-forwarded-proto': 'https' });
    expect([answer.headers['set-cookie']].flat().join()).toMatch(/; Secure/);
  });

  it('refuses a made-up token, a form post and another site, with a code and without a cookie', async () => {
    const madeUp = await signIn('rvt_AAAAAAAA_' + 'A'.repeat(43));
    expect([madeUp.status, madeUp.body.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect(madeUp.headers['set-cookie']).toBeUndefined();
    const form = await t.http
      .post('/console/session')
      .set('content-type', 'application/x-www-form-urlencoded')
      .send(`token=${worker.token}`);
    expect([form.status, form.body.code]).toEqual([403, 'FORBIDDEN']);
    const crossSite = await signIn(worker.token, { origin: 'https://elsewhere.example', 'sec-fetch-site': 'cross-site' });
    expect([crossSite.status, crossSite.body.code]).toEqual([403, 'FORBIDDEN']);
    expect(crossSite.headers['set-cookie']).toBeUndefined();
  });

  it('ignores the cookie on requests from other sites, and Apollo refuses a simple (form-like) request', async () => {
    const session = sessionOf((await signIn(worker.token)).headers['set-cookie']);
    const crossOrigin = await asSession(session, { origin: 'https://elsewhere.example' });
    expect(crossOrigin.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const crossSite = await asSession(session, { 'sec-fetch-site': 'same-site' });
    expect(crossSite.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const simple = await t.http
      .post('/graphql')
      .set('content-type', 'text/plain')
      .set('cookie', `ravot_session=${session}`)
      .send(JSON.stringify(ME));
    expect(simple.status).toBe(400);
    expect(simple.body.data).toBeUndefined();
    // The same page asking is fine.
    const own = await asSession(session, { origin: `http://${'127.0.0.1'}`, host: '127.0.0.1', 'sec-fetch-site': 'same-origin' });
    expect(own.body.data.me.displayName).toBe('Case worker');
  });

  it('ends with sign-out, which asks the browser to clear the site', async () => {
    const session = sessionOf((await signIn(worker.token)).headers['set-cookie']);
    const out = await t.http.delete('/console/session').set('cookie', `ravot_session=${session}`);
    expect(out.status).toBe(204);
    expect(out.headers['clear-site-data']).toBe('"cache", "cookies", "storage"');
    expect([out.headers['set-cookie']].flat().join()).toMatch(/ravot_session=; Path=\/; Max-Age=0/);
    expect((await asSession(session)).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('ends after the idle time, and a request within it keeps it alive', async () => {
    const session = sessionOf((await signIn(worker.token)).headers['set-cookie']);
    const age = (minutes: number) =>
      t.dataSource.query(`UPDATE console_sessions SET last_seen_at = now() - make_interval(mins => $2) WHERE session_hash = $1`, [
        hash('sha256', session, 'hex'),
        minutes,
      ]);
    await age(14);
    expect((await asSession(session)).body.data.me).toBeTruthy();
    await age(14); // the request above moved it to now
    expect((await asSession(session)).body.data.me).toBeTruthy();
    await age(16);
    expect((await asSession(session)).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    // Gone for good: a later request within the time does not bring it back.
    expect((await asSession(session)).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('ends when its token is revoked', async () => {
    const session = sessionOf((await signIn(worker.token)).headers['set-cookie']);
    const tokenId = (await t.gql(worker.token, '{ me { currentToken { id } } }')).data.me.currentToken.id;
    const revoked = await t.gql(org.token, 'mutation($input: RevokeTokenInput!) { revokeToken(input: $input) { apiToken { id } } }', {
      input: { tokenId },
    });
    expect(revoked.errorCodes).toEqual([]);
    expect((await asSession(session)).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    worker = await t.member(org, ['CASE_WORKER']);
  });

  it('keeps sessions apart by organisation under row-level security', async () => {
    await signIn(worker.token);
    await signIn(other.token);
    const seen = await t.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT set_config('role', 'ravot_app', true), set_config('app.organisation_id', $1, true)`, [
        other.organisationId,
      ]);
      return manager.query(`SELECT DISTINCT organisation_id FROM console_sessions`);
    });
    expect(seen).toEqual([{ organisation_id: other.organisationId }]);
  });

  it('serves the page with a strict CSP and no-store, its bundle for a year, and leads / there', async () => {
    expect((await t.http.get('/')).headers.location).toBe('/console/');
    const page = await t.http.get('/console/');
    expect(page.status).toBe(200);
    const csp = page.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers['cache-control']).toBe('no-store');
    const script = /src="assets\/([^"]+\.js)"/.exec(page.text)![1];
    const asset = await t.http.get(`/console/assets/${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await t.http.get('/console/assets/..%2F..%2Fpackage.json')).status).toBe(404);
    expect((await t.http.get('/console/assets/nothing.js')).status).toBe(404);
    expect((await t.http.post('/graphql').set('content-type', 'application/json').send(ME)).headers['cache-control']).toBe('no-store');
  });
});
