import fc from 'fast-check';
import { STATEMENT_COUNT_HEADER } from '../src/database/statement-counter.js';
import { MAX_ALIASES, MAX_ROOT_FIELDS, MAX_TOKENS } from '../src/graphql/document-limits.js';
import { Party, TestApp } from './support/test-app.js';

const REFUSED = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'BAD_REQUEST', 'UNAUTHENTICATED']);

/** Pieces of GraphQL, valid and not, that the fuzzer strings together into documents. */
const PIECES = fc.constantFrom(
  '{', '}', '(', ')', '[', ']', ':', '...', '@', '$', '!', '=', ',', '"', '"""', '#', '\n',
  'query', 'mutation', 'subscription', 'fragment', 'on', 'Query', 'Mutation', 'A', 'B',
  'me', 'id', 'organisation', 'referrals', 'first', 'box', 'INBOX', 'edges', 'node', 'a:', 'b:',
  '...A', '...B', 'fragment A on Query', 'fragment B on Query', '$x: Int', '1', '-1', '1e999', 'null', 'true', '__typename', '__schema',
); // prettier-ignore
const FRAGMENT_NAMES = ['A', 'B', 'C'];
/** Documents of fragments that spread one another at random, in chains, diamonds and cycles. */
const FRAGMENT_WEBS = fc
  .tuple(
    ...FRAGMENT_NAMES.map(() =>
      fc.array(fc.constantFrom('me { id }', '__typename', 'x: me { id }', ...FRAGMENT_NAMES.map((n) => `...${n}`)), {
        minLength: 1,
        maxLength: 4,
      }),
    ),
    fc.constantFrom(...FRAGMENT_NAMES),
  )
  .map(([...parts]) => {
    const start = parts.pop() as string;
    const bodies = parts as string[][];
    return `{ ...${start} } ${FRAGMENT_NAMES.map((name, i) => `fragment ${name} on Query { ${bodies[i].join(' ')} }`).join(' ')}`;
  });

/**
 * The document's shape is checked before any resolver, any authentication or any SQL: no document, however
 * malformed, gets a 500, and the limits say which limit a document broke and by how much.
 */
describe('the limits on a GraphQL document', () => {
  let t: TestApp;
  let member: Party;

  beforeAll(async () => {
    t = await TestApp.start({ RAVOT_COUNT_SQL: 'true', RATE_LIMIT_PER_MINUTE: '1000000' });
    const admin = await t.networkAdmin();
    member = await t.member(await t.organisation(admin), ['CASE_WORKER']);
  });
  afterAll(async () => {
    await t.close();
    delete process.env.RATE_LIMIT_PER_MINUTE;
  });

  async function send(body: Record<string, unknown>, token: string | null = member.token) {
    // The media type whose statuses tell a request error (400) from a field error (200): docs/api.md#http-statuses.
    const request = t.http.post('/graphql').set('content-type', 'application/json').set('accept', 'application/graphql-response+json');
    if (token) request.set('authorization', `Bearer ${token}`);
    const response = await request.send(body);
    const errors = (response.body.errors ?? []) as { message: string; extensions?: { code?: string } }[];
    return {
      status: response.status,
      codes: errors.map((error) => error.extensions?.code),
      messages: errors.map((error) => error.message),
      statements: Number(response.headers[STATEMENT_COUNT_HEADER]),
    };
  }

  it('refuses fragments that spread each other in a circle, with or without a token', async () => {
    for (const token of [null, member.token]) {
      const result = await send({ query: 'fragment A on Query { ...B } fragment B on Query { ...A } query { ...A }' }, token);
      expect(result).toMatchObject({ status: 400, codes: ['GRAPHQL_VALIDATION_FAILED'], statements: 0 });
      expect(result.messages[0]).toMatch(/Cannot spread fragment "A" within itself/);
    }
  });

  it('refuses too many aliases, too many root fields, and too many tokens, saying which limit and by how much', async () => {
    const aliased = (count: number) => Array.from({ length: count }, (_, i) => `a${i}: id`).join(' ');
    const tooManyAliases = await send({ query: `{ me { ${aliased(MAX_ALIASES + 1)} } }` });
    expect(tooManyAliases).toMatchObject({ status: 400, codes: ['GRAPHQL_VALIDATION_FAILED'], statements: 0 });
    expect(tooManyAliases.messages[0]).toBe(
      `The operation uses ${MAX_ALIASES + 1} aliases, more than the limit of ${MAX_ALIASES}. Split it into several requests.`,
    );
    expect(await send({ query: `{ me { ${aliased(MAX_ALIASES)} } }` })).toMatchObject({ status: 200, codes: [] });

    const roots = (count: number) => Array.from({ length: count }, (_, i) => `r${i}: me { id }`).join(' ');
    const tooManyRoots = await send({ query: `fragment More on Query { me { id } } { ${roots(MAX_ROOT_FIELDS)} ...More }` });
    expect(tooManyRoots).toMatchObject({ status: 400, codes: ['GRAPHQL_VALIDATION_FAILED'], statements: 0 });
    expect(tooManyRoots.messages[0]).toBe(
      `The operation has ${MAX_ROOT_FIELDS + 1} root fields, more than the limit of ${MAX_ROOT_FIELDS}. Split it into several requests.`,
    );
    expect(await send({ query: `{ ${roots(MAX_ROOT_FIELDS)} }` })).toMatchObject({ status: 200, codes: [] });

    // The flood of the review: 4,500 aliased root fields in one request.
    const flood = await send({ query: `{ ${Array.from({ length: 4500 }, (_, i) => `a${i}: me { id }`).join(' ')} }` });
    expect(flood).toMatchObject({ status: 400, codes: ['GRAPHQL_PARSE_FAILED'], statements: 0 });
    expect(flood.messages[0]).toMatch(new RegExp(`more th\\w+ ${MAX_TOKENS} tokens`));
  });

  it('refuses a document over a limit for that limit alone, before checking the rest of it', async () => {
    const roots = Array.from({ length: MAX_ROOT_FIELDS + 1 }, (_, i) => `r${i}: me { id nope }`).join(' ');
    const overTheLimit = await send({ query: `{ ${roots} }` });
    expect(overTheLimit).toMatchObject({ status: 400, codes: ['GRAPHQL_VALIDATION_FAILED'], statements: 0 });
    expect(overTheLimit.messages).toEqual([
      `The operation has ${MAX_ROOT_FIELDS + 1} root fields, more than the limit of ${MAX_ROOT_FIELDS}. Split it into several requests.`,
    ]);
    // Within the limits, the same mistake is found and named.
    const withinTheLimits = await send({ query: '{ me { id nope } }' });
    expect(withinTheLimits).toMatchObject({ status: 400, codes: ['GRAPHQL_VALIDATION_FAILED'], statements: 0 });
    expect(withinTheLimits.messages).toEqual(['Cannot query field "nope" on type "Member".']);
  });

  it('refuses a document whose fields cost graphql-js too much to compare, in words a person understands', async () => {
    const repeated = await send({
      query: `{ me { ${Array(MAX_TOKENS - 10)
        .fill('id')
        .join(' ')} } }`,
    });
    expect(repeated).toMatchObject({ status: 400, codes: ['GRAPHQL_VALIDATION_FAILED'], statements: 0 });
    expect(repeated.messages).toEqual([
      'The document is too costly to check: it asks for the same fields many times over. Ask for each field once in each place.',
    ]);
  });

  it('counts each fragment once, so fragments that spread the next one twice are refused at once', async () => {
    const chain = Array.from({ length: 60 }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`).join(' ');
    const started = process.hrtime.bigint();
    const result = await send({ query: `{ ...F0 } ${chain} fragment F60 on Query { me { id } }` });
    expect(result).toMatchObject({ status: 400, codes: ['GRAPHQL_VALIDATION_FAILED'], statements: 0 });
    expect(result.messages[0]).toMatch(/root fields, more than the limit/);
    // 2^60 spreads walked one by one would never finish; counted once per fragment they take no time at all.
    expect(Number(process.hrtime.bigint() - started) / 1e9).toBeLessThan(30);
  });

  it('refuses a document nested deeper than the parser could follow, as a document error', async () => {
    const deep = `{ ${'me { '.repeat(3000)}id${' }'.repeat(3001)}`;
    const result = await send({ query: deep });
    expect(result).toMatchObject({ status: 400, codes: ['GRAPHQL_PARSE_FAILED'] });
    expect(result.messages[0]).not.toMatch(/call stack/);
  });

  it('does not take automatic persisted queries', async () => {
    const result = await send({ query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } });
    expect(result.codes).toEqual(['PERSISTED_QUERY_NOT_SUPPORTED']);
  });

  it('answers any document, however malformed, with a GraphQL error or data, never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.array(PIECES, { maxLength: 40 }).map((pieces) => pieces.join(' ')),
          FRAGMENT_WEBS,
        ),
        fc.boolean(),
        async (document, withToken) => {
          const result = await send({ query: document }, withToken ? member.token : null);
          expect({ document, status: result.status }).not.toMatchObject({ status: 500 });
          expect(result.codes.filter((code) => !REFUSED.has(code!))).toEqual([]);
        },
      ),
      { numRuns: 300, seed: 20261205 },
    );
  });
});
