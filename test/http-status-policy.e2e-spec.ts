import { STATEMENT_COUNT_HEADER } from '../src/database/statement-counter.js';
import { Party, TestApp } from './support/test-app.js';

const GRAPHQL_RESPONSE = 'application/graphql-response+json';
const JSON = 'application/json';

/**
 * The HTTP status policy of docs/api.md#http-statuses, applied alike to every kind of refusal: a request
 * that cannot run (parse, validation, cost or page limit, variables) is 400 for a client that accepts
 * application/graphql-response+json and 200 for one that accepts application/json; an answer with data
 * (field errors included) is 200 for both.
 */
describe('the HTTP status policy', () => {
  let t: TestApp;
  let member: Party;

  beforeAll(async () => {
    t = await TestApp.start({ RAVOT_COUNT_SQL: 'true', RATE_LIMIT_PER_MINUTE: '100000' });
    const admin = await t.networkAdmin();
    member = await t.member(await t.organisation(admin), ['CASE_WORKER']);
  });
  afterAll(async () => {
    await t.close();
    delete process.env.RATE_LIMIT_PER_MINUTE;
  });

  async function send(accept: string | null, body: Record<string, unknown>, token: string | null = member.token) {
    const call = t.http.post('/graphql').set('content-type', 'application/json');
    if (accept) call.set('accept', accept);
    if (token) call.set('authorization', `Bearer ${token}`);
    const response = await call.send(body);
    return {
      status: response.status,
      type: String(response.headers['content-type']).split(';')[0],
      hasData: 'data' in response.body,
      codes: ((response.body.errors ?? []) as { extensions?: { code?: string } }[]).map((error) => error.extensions?.code),
      statements: Number(response.headers[STATEMENT_COUNT_HEADER]),
    };
  }

  const tooExpensive = Array.from({ length: 10 }, (_, i) => `a${i}: referrals(box: INBOX, first: 100) { edges { node { id reference status sender { id name } receiver { id name } } } }`).join(' '); // prettier-ignore
  const requestErrors: [string, Record<string, unknown>, string][] = [
    ['a document that does not parse', { query: '{ me { id ' }, 'GRAPHQL_PARSE_FAILED'],
    ['a document that does not validate', { query: '{ me { noSuchField } }' }, 'GRAPHQL_VALIDATION_FAILED'],
    ['a query over the cost budget', { query: `{ ${tooExpensive} }` }, 'GRAPHQL_VALIDATION_FAILED'],
    ['a page larger than the limit', { query: '{ referrals(box: INBOX, first: 101) { edges { cursor } } }' }, 'BAD_USER_INPUT'],
    ['variables that do not fit', { query: 'query($id: ID!) { referral(id: $id) { id } }', variables: { id: null } }, 'BAD_USER_INPUT'],
  ];

  it.each(requestErrors)('answers %s with 400 to application/graphql-response+json and 200 to application/json', async (_, body, code) => {
    const strict = await send(GRAPHQL_RESPONSE, body);
    expect(strict).toMatchObject({ status: 400, type: GRAPHQL_RESPONSE, hasData: false, codes: [code], statements: 0 });
    for (const accept of [JSON, null, '*/*']) {
      const legacy = await send(accept, body);
      expect({ accept, ...legacy }).toMatchObject({ accept, status: 200, type: JSON, hasData: false, codes: [code], statements: 0 });
    }
  });

  it('answers field errors with 200 and data for both media types', async () => {
    const missing = { query: 'query($id: ID!) { referral(id: $id) { id } }', variables: { id: '00000000-0000-4000-8000-000000000000' } };
    for (const accept of [GRAPHQL_RESPONSE, JSON]) {
      expect(await send(accept, missing)).toMatchObject({ status: 200, type: accept, hasData: true, codes: ['NOT_FOUND'] });
      const anonymous = await send(accept, { query: '{ me { id } }' }, null);
      expect(anonymous).toMatchObject({ status: 200, hasData: true, codes: ['UNAUTHENTICATED'] });
      expect(await send(accept, { query: '{ me { id } }' })).toMatchObject({ status: 200, hasData: true, codes: [] });
    }
  });

  it('keeps the statuses that are not about the document: a batch is 400, a wrong method 405', async () => {
    const batch = await t.http
      .post('/graphql')
      .set('accept', JSON)
      .send([{ query: '{ me { id } }' }, { query: '{ me { id } }' }]);
    expect(batch.status).toBe(400);
    const put = await t.http.put('/graphql').set('accept', JSON).set('content-type', 'application/json').send({ query: '{ me { id } }' });
    expect(put.status).toBe(405);
  });
});
