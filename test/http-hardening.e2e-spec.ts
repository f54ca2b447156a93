import { freshDatabase } from './support/fresh-database.js';
import { Party, TestApp } from './support/test-app.js';

const ME = '{ me { id } }';

describe('HTTP hardening: headers, CORS, rate limits and request abuse', () => {
  let t: TestApp;
  let partner: Party;
  let other: Party;
  let database: Awaited<ReturnType<typeof freshDatabase>>;

  beforeAll(async () => {
    // A database of its own: the per-address request windows are shared through the database, and the other suites
    // send requests from the same address.
    database = await freshDatabase();
    t = await TestApp.start({ ...database.overrides, RATE_LIMIT_PER_MINUTE: '8', CORS_ORIGINS: 'https://ngo.example' });
    const admin = await t.networkAdmin();
    partner = await t.organisation(admin);
    other = await t.organisation(admin);
  });
  afterAll(async () => {
    await t.close();
    await database.drop();
    delete process.env.RATE_LIMIT_PER_MINUTE;
    delete process.env.CORS_ORIGINS;
  });

  it('forbids caching and framing of every answer', async () => {
    const response = await t.http.post('/graphql').set('authorization', `Bearer ${partner.token}`).send({ query: ME });
    expect(response.headers).toMatchObject({
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cross-origin-resource-policy': 'same-origin',
      'cross-origin-opener-policy': 'same-origin',
      'x-permitted-cross-domain-policies': 'none',
    });
    expect(response.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(response.headers['x-powered-by']).toBeUndefined();
    // An answer that may not be stored has no use for an ETag, a hash of its personal data.
    expect(response.headers.etag).toBeUndefined();
  });

  it('answers cross-origin browsers only from the configured origins', async () => {
    const allowed = await t.http.options('/graphql').set('origin', 'https://ngo.example').set('access-control-request-method', 'POST');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://ngo.example');
    const refused = await t.http.options('/graphql').set('origin', 'https://evil.example').set('access-control-request-method', 'POST');
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses a simple cross-site form post (CSRF), which carries no JSON content type', async () => {
    const response = await t.http
      .post('/graphql')
      .set('content-type', 'text/plain')
      .send(JSON.stringify({ query: ME }));
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).not.toContain('"me"');
  });

  it('refuses batched operations in one request', async () => {
    const response = await t.http
      .post('/graphql')
      .set('authorization', `Bearer ${partner.token}`)
      .send([{ query: ME }, { query: ME }]);
    expect(response.status).toBe(400);
    expect(response.body.data).toBeUndefined();
  });

  it('refuses an oversized body before reading it', async () => {
    const response = await t.http
      .post('/graphql')
      .set('authorization', `Bearer ${partner.token}`)
      .send({ query: ME, variables: { padding: 'x'.repeat(200_000) } });
    expect(response.status).toBe(413);
    expect(JSON.stringify(response.body)).not.toMatch(/stack|at .*\.js/);
  });

  it('limits requests per token with a clear error and Retry-After, without touching other tokens', async () => {
    const results = [];
    for (let i = 0; i < 10; i++)
      results.push(await t.http.post('/graphql').set('authorization', `Bearer ${partner.token}`).send({ query: ME }));
    const limited = results.filter((response) => response.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(2);
    expect(Number(limited[0].headers['retry-after'])).toBeGreaterThan(0);
    expect(limited[0].body.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect((await t.gql(other.token, ME)).data.me.id).toBe(other.memberId);
  });

  it('counts made-up tokens against the client address: inventing tokens gains no budget', async () => {
    const results = [];
    for (let i = 0; i < 10; i++) {
      results.push(
        await t.http
          .post('/graphql')
          .set('authorization', `Bearer rvt_madeup${i}_${'x'.repeat(40)}`)
          .send({ query: ME }),
      );
    }
    const limited = results.filter((response) => response.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(2);
    expect(limited[0].body.errors[0].message).toMatch(/a minute from one address without a known token/);
    // A route that is not GraphQL answers the refusal in its own error shape.
    const exportRefused = await t.http.get('/exports/htcds.json').set('authorization', `Bearer rvt_madeup_${'y'.repeat(40)}`);
    expect(exportRefused.status).toBe(429);
    expect(exportRefused.body).toEqual({ statusCode: 429, code: 'RATE_LIMITED', message: expect.stringMatching(/Too many requests/) });
    // A token that has authenticated keeps its own budget.
    expect((await t.gql(other.token, ME)).data.me.id).toBe(other.memberId);
  });
});
