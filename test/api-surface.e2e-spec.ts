import { jest } from '@jest/globals';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { readFileSync } from 'node:fs';
import { OrganisationsService } from '../src/organisations/organisations.service.js';
import { printSchemaFile } from '../src/graphql/schema-file.js';
import { Party, TestApp } from './support/test-app.js';

describe('the API surface', () => {
  let t: TestApp;
  let partner: Party;

  beforeAll(async () => {
    t = await TestApp.start();
    partner = await t.organisation(await t.networkAdmin());
  });
  afterAll(() => t.close());

  it('matches the committed schema.graphql (run `npm run schema:print` after an API change)', () => {
    const committed = readFileSync('schema.graphql', 'utf8');
    expect(printSchemaFile(t.app.get(GraphQLSchemaHost).schema)).toBe(committed);
  });

  it('answers /health without a token and /ready once the database answers', async () => {
    expect((await t.http.get('/health')).body).toEqual({ status: 'ok' });
    expect((await t.http.get('/ready')).body).toEqual({ status: 'ready' });
  });

  it('tags every response with a request id, keeping a well-formed one the client sent', async () => {
    const mine = await t.http.get('/health').set('x-request-id', 'client-trace-42');
    expect(mine.headers['x-request-id']).toBe('client-trace-42');
    const hostile = await t.http.get('/health').set('x-request-id', '<script>alert(1)</script>');
    expect(hostile.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an unknown field with GRAPHQL_VALIDATION_FAILED', async () => {
    const result = await t.gql(partner.token, '{ me { password } }');
    expect(result.errorCodes).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it('turns an unexpected failure into "Internal server error", with no stack or SQL for the client', async () => {
    const service = t.app.get(OrganisationsService);
    const spy = jest
      .spyOn(service, 'directory')
      .mockRejectedValue(new Error('relation "secret_table" does not exist: SELECT * FROM secret_table'));
    try {
      const result = await t.gql(partner.token, '{ organisations { edges { node { id } } } }');
      expect(result.body.errors).toEqual([
        {
          message: 'Internal server error',
          path: ['organisations'],
          locations: expect.any(Array),
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        },
      ]);
      expect(JSON.stringify(result.body)).not.toMatch(/secret_table|SELECT|stack/i);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('the API in production, with a depth limit of 3', () => {
  let t: TestApp;
  let partner: Party;

  beforeAll(async () => {
    t = await TestApp.start({ NODE_ENV: 'production', GRAPHQL_MAX_DEPTH: '3' });
    partner = await t.organisation(await t.networkAdmin());
  });
  afterAll(async () => {
    await t.close();
    process.env.NODE_ENV = 'test';
    delete process.env.GRAPHQL_MAX_DEPTH;
  });

  it('refuses a forged cursor on every paged list as BAD_USER_INPUT, before it reaches SQL', async () => {
    const caseWorker = await t.member(partner, ['CASE_WORKER']);
    const forged = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');
    const lists: [string, Party, string][] = [
      ['referrals', caseWorker, 'referrals(box: INBOX, after: $after) { edges { cursor } }'],
      ['subjects', caseWorker, 'subjects(after: $after) { edges { cursor } }'],
      ['followUps', caseWorker, 'followUps(after: $after) { edges { cursor } }'],
      ['members', partner, 'members(after: $after) { edges { cursor } }'],
      ['auditEvents', partner, 'auditEvents(after: $after) { edges { cursor } }'],
      ['organisations', partner, 'organisations(after: $after) { edges { cursor } }'],
      ['meetings', partner, 'meetings(after: $after) { edges { cursor } }'],
      ['practices', partner, 'practices(after: $after) { edges { cursor } }'],
      ['practices found', partner, 'practices(search: "shelter", after: $after) { edges { cursor } }'],
    ];
    const answers: string[] = [];
    for (const [name, party, field] of lists) {
      for (const after of [
        forged(['2026-02-30T10:00:00.000000', "1' OR '1'='1"]),
        forged(['Budapest', 'not-a-uuid']),
        forged(['1; DROP TABLE referrals']),
      ]) {
        const result = await t.gql(party.token, `query($after: String) { ${field} }`, { after });
        answers.push(`${name}: ${result.errorCodes.join() || 'answered'}`);
      }
    }
    expect(answers.filter((answer) => !answer.endsWith(': BAD_USER_INPUT'))).toEqual([]);
  });

  it('refuses introspection', async () => {
    const result = await t.gql(null, '{ __schema { types { name } } }');
    expect(result.errorCodes).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it('gives no field suggestions that would reveal the schema', async () => {
    const result = await t.gql(null, '{ organisatio { id } }');
    expect(JSON.stringify(result.body)).not.toContain('Did you mean');
  });

  it('serves no GraphiQL landing page', async () => {
    const page = await t.http.get('/graphql').set('accept', 'text/html');
    expect(page.text ?? '').not.toMatch(/graphiql/i);
  });

  it('rejects a query nested deeper than the limit before running it', async () => {
    expect((await t.gql(partner.token, '{ me { organisation { id } } }')).errorCodes).toEqual([]);
    const tooDeep = await t.gql(partner.token, '{ members { edges { node { organisation { id } } } } }');
    expect(tooDeep.errorCodes).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(tooDeep.body.errors![0].message).toMatch(/more than the limit of 3/);
  });
});
