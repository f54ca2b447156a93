import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { freshDatabase } from './support/fresh-database.js';
import { network, Network, registerSubject } from './support/referral-fixtures.js';
import { Party, TestApp } from './support/test-app.js';

const HOSTILE_STRINGS = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    "'; DROP TABLE members; --",
    '<script>alert(1)</script>',
    '\u0000',
    'a\u0000b',
    '\u202e\u200b\ufeff',
    '%s%n%x',
    '../../etc/passwd',
    'x'.repeat(5000),
    '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🇭🇺',
    'NL-2026-000123',
  ),
);
const HOSTILE_IDS = fc.oneof(fc.uuid(), fc.constant('not-a-uuid'), fc.constant("1' OR '1'='1"), fc.constant(''));
const HOSTILE_DATES = fc.oneof(
  fc.date({ min: new Date('0001-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom('yesterday', '2026-02-30T00:00:00Z', '+275760-09-13T00:00:00Z', ''),
);

/**
 * Malformed and hostile input thrown at the mutations: every answer is an
 * error with a stable code a client can act on (never an internal error), and
 * the database is unchanged (row counts and the audit chain).
 */
describe('hostile and malformed input', () => {
  let t: TestApp;
  let n: Network;
  let subjectId: string;
  let other: Party;
  // Row counts before and after must be this suite's alone: a database of its own.
  let database: Awaited<ReturnType<typeof freshDatabase>>;

  beforeAll(async () => {
    database = await freshDatabase();
    t = await TestApp.start({ ...database.overrides, RATE_LIMIT_PER_MINUTE: '1000000' });
    n = await network(t);
    subjectId = await registerSubject(t, n.nlWorker);
    other = await t.organisation(n.admin);
  });
  afterAll(async () => {
    await t.close();
    await database.drop();
    delete process.env.RATE_LIMIT_PER_MINUTE;
  });

  const ACCEPTABLE = new Set(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED', 'NOT_FOUND', 'CONFLICT', 'FORBIDDEN']);

  const snapshot = async () => {
    const tables = ['organisations', 'members', 'subjects', 'consents', 'referrals', 'personal_records', 'audit_events'];
    const counts = await Promise.all(
      tables.map(async (table) => [table, Number((await t.dataSource.query(`SELECT count(*) FROM ${table}`))[0].count)]),
    );
    return Object.fromEntries(counts);
  };

  async function throwAt(token: string, query: string, variables: Record<string, unknown>) {
    const result = await t.gql(token, query, variables);
    const unexpected = result.errorCodes.filter((code) => !ACCEPTABLE.has(code));
    if (result.errorCodes.length === 0 || unexpected.length > 0) {
      throw new Error(`answered ${result.errorCodes.join() || 'with data'} to ${JSON.stringify(variables).slice(0, 300)}`);
    }
    expect(JSON.stringify(result.body)).not.toMatch(/stack|QueryFailedError|SELECT |INSERT /);
  }

  it('answers every hostile input with a clear error and changes nothing', async () => {
    const before = await snapshot();
    await fc.assert(
      fc.asyncProperty(HOSTILE_STRINGS, HOSTILE_IDS, HOSTILE_DATES, async (text, id, date) => {
        // A consent with a hostile language or date, for someone else's or no one's subject.
        await throwAt(n.nlWorker.token, 'mutation($input: RecordConsentInput!) { recordConsent(input: $input) { consent { id } } }', {
          input: {
            subjectId: id,
            recipientOrganisationIds: [other.organisationId],
            purposes: ['RETURN_ASSISTANCE'],
            categories: ['IDENTITY'],
            givenAt: date,
            language: text,
            interpreterPresent: true,
            formReference: text,
          },
        });
        // A member whose e-mail is not one.
        await throwAt(n.nl.token, 'mutation($input: AddMemberInput!) { addMember(input: $input) { member { id } } }', {
          input: { displayName: text, email: `${text}@`, roles: ['CASE_WORKER'] },
        });
        // A referral towards an unknown organisation, with hostile national fields.
        await throwAt(n.nlWorker.token, 'mutation($input: CreateReferralInput!) { createReferral(input: $input) { referral { id } } }', {
          input: {
            subjectId,
            consentId: randomUUID(),
            receiverOrganisationId: id,
            caseHistory: { nationalFields: [{ key: text || 'k', value: text }] },
          },
        });
        // An organisation under a name too long or with a country that is not one.
        await throwAt(
          n.admin.token,
          'mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { organisation { id } } }',
          {
            input: {
              name: `${text}${'x'.repeat(201)}`,
              country: text.slice(0, 2) || 'Q',
              kind: 'NGO',
              firstAdmin: { displayName: text, email: text },
            },
          },
        );
        // Unknown enum values and wrong types never reach a resolver.
        await throwAt(n.nlWorker.token, 'mutation($input: RegisterSubjectInput!) { registerSubject(input: $input) { subject { id } } }', {
          input: {
            nationality: text,
            countryOfReturn: 'HU',
            identity: { givenNames: text, familyName: text, gender: 'ROBOT', dateOfBirth: date },
          },
        });
      }),
      { numRuns: 40, seed: 20261129 },
    );
    expect(await snapshot()).toEqual(before);
    expect((await t.dataSource.query('SELECT problem FROM verify_audit_chain()'))[0].problem).toBeNull();
  });

  it('refuses a NUL byte in text as bad input, not as a database failure', async () => {
    const result = await t.gql(n.nl.token, 'mutation($input: AddMemberInput!) { addMember(input: $input) { member { id } } }', {
      input: { displayName: 'Null\u0000Byte', email: `${randomUUID()}@ngo.example`, roles: ['ANALYST'] },
    });
    expect(result.errorCodes).toEqual(['BAD_USER_INPUT']);
  });
});
