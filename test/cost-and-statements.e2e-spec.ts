import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { PRACTICE_SEARCH, REFERRAL_DETAIL } from '../bench/scenarios.js';
import { Role } from '../src/auth/role.js';
import { CONSENT_TERMS } from '../src/personal-data/consent-terms.js';
import { ConsentEntity } from '../src/consents/consent.entity.js';
import { TenantDatabase } from '../src/database/tenant-database.js';
import { addMonths } from '../src/follow-ups/follow-up-status.js';
import { FollowUpEntity } from '../src/follow-ups/follow-up.entity.js';
import type { WithLatestFollowUp } from '../src/follow-ups/latest-follow-up.js';
import { OrganisationEntity } from '../src/organisations/organisation.entity.js';
import { ReferralBox } from '../src/referrals/dto/referrals.args.js';
import { ReferralPages } from '../src/referrals/referral-page.js';
import { ReferralEntity } from '../src/referrals/referral.entity.js';
import { STATEMENT_COUNT_HEADER } from '../src/database/statement-counter.js';
import { ManualClock } from './support/manual-clock.js';
import { MOVE, network, Network, submittedReferral } from './support/referral-fixtures.js';
import { TestApp } from './support/test-app.js';

const YEAR = new Date().getUTCFullYear() + 1;

/** Scenario 1 of the benchmark (bench/scenarios.ts): an inbox page with what an inbox shows. */
const INBOX = `query($first: Int!) { referrals(box: INBOX, first: $first) {
  edges { cursor node { id reference status updatedAt senderCountry
    sender { id name country } receiver { id name country }
    consent { status expiresAt }
    latestFollowUp { id sequence dueOn status } } }
  pageInfo { hasNextPage endCursor } } }`;
/** The same page read backwards (last/before), as a client pages back towards the start of its inbox. */
const INBOX_BACKWARDS = INBOX.replace('query($first: Int!)', 'query($last: Int!, $before: String)')
  .replace('first: $first', 'last: $last, before: $before')
  .replace('pageInfo { hasNextPage endCursor }', 'pageInfo { hasNextPage hasPreviousPage startCursor endCursor }');

describe('cost limits and a constant number of SQL statements per page', () => {
  const clock = new ManualClock();
  let t: TestApp;
  let n: Network;
  let returnedId: string;

  /** Sends a GraphQL request and returns the body with the statements the service ran for it. */
  async function counted(token: string, query: string, variables: Record<string, unknown> = {}) {
    const response = await t.http
      .post('/graphql')
      .set('content-type', 'application/json')
      .set('authorization', `Bearer ${token}`)
      .send({ query, variables });
    return {
      body: response.body as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] },
      codes: ((response.body.errors ?? []) as { extensions?: { code?: string } }[]).map((error) => error.extensions?.code),
      statements: Number(response.headers[STATEMENT_COUNT_HEADER]),
    };
  }

  beforeAll(async () => {
    clock.setDay(`${YEAR}-01-31`);
    t = await TestApp.start({ RAVOT_COUNT_SQL: 'true' }, { clock });
    n = await network(t);
    for (let i = 0; i < 3; i++) await submittedReferral(t, n, { givenAt: new Date(clock.now().getTime() - 60_000).toISOString() });
    const returned = await submittedReferral(t, n, {
      purposes: ['RETURN_ASSISTANCE', 'REINTEGRATION_SUPPORT', 'FOLLOW_UP_REPORTING'],
      givenAt: new Date(clock.now().getTime() - 60_000).toISOString(),
    });
    returnedId = returned.referralId;
    await t.gql(n.huWorker.token, MOVE('acceptReferral', 'AcceptReferralInput'), {
      input: { referralId: returnedId, expectedVersion: returned.version },
    });
    const arrived = await t.gql(n.huWorker.token, MOVE('recordArrival', 'RecordArrivalInput'), {
      input: { referralId: returnedId, expectedVersion: returned.version + 1, arrivedOn: clock.today() },
    });
    expect(arrived.errorCodes).toEqual([]);
    clock.setDay(addMonths(`${YEAR}-01-31`, 2));
  });
  afterAll(async () => {
    await t.close();
    delete process.env.RAVOT_COUNT_SQL;
  });

  it('runs the same statements, at most 5 (2 today), for an inbox page of 1, 10 or 100 referrals', async () => {
    const pages = [];
    for (const first of [1, 10, 100]) pages.push(await counted(n.huWorker.token, INBOX, { first }));
    for (const page of pages) expect(page.codes).toEqual([]);
    expect(pages[0].body.data.referrals.edges).toHaveLength(1);
    expect(pages[2].body.data.referrals.edges).toHaveLength(4);
    const statements = pages.map((page) => page.statements);
    expect(statements[0]).toBeGreaterThan(0);
    expect(new Set(statements).size).toBe(1);
    expect(statements[0]).toBeLessThanOrEqual(5);
    // A token that authenticated before is checked by the statement that sets the tenant settings, sent with the
    // page in one round trip (TenantDatabase.read, CredentialCheck).
    expect(statements[0]).toBe(2);
  });

  it('runs the same statements backwards as forwards, for a page of 1, 10 or 100 and from a cursor, in the same order', async () => {
    const forwards = await counted(n.huWorker.token, INBOX, { first: 100 });
    const pages = [];
    for (const last of [1, 10, 100]) pages.push(await counted(n.huWorker.token, INBOX_BACKWARDS, { last }));
    const fromCursor = await counted(n.huWorker.token, INBOX_BACKWARDS, {
      last: 2,
      before: forwards.body.data.referrals.edges.at(-1).cursor,
    });
    for (const page of [...pages, fromCursor]) expect(page.codes).toEqual([]);
    expect(new Set([forwards, ...pages, fromCursor].map((page) => page.statements))).toEqual(new Set([2]));
    const ids = (page: typeof forwards) => page.body.data.referrals.edges.map((edge: any) => edge.node.id);
    expect(ids(pages[2])).toEqual(ids(forwards));
    expect(ids(pages[0])).toEqual(ids(forwards).slice(-1));
    expect(ids(fromCursor)).toEqual(ids(forwards).slice(-3, -1));
    // The neighbours are read along backwards too.
    expect(pages[2].body.data.referrals.edges.map((edge: any) => edge.node)).toEqual(
      forwards.body.data.referrals.edges.map((edge: any) => edge.node),
    );
    expect(fromCursor.body.data.referrals.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
  });

  it('shows the sender, the receiver, the consent and the latest follow-up on the page as on the referral itself', async () => {
    const page = await counted(n.huWorker.token, INBOX, { first: 100 });
    const listed = page.body.data.referrals.edges.map((edge: any) => edge.node);
    const returned = listed.find((referral: any) => referral.id === returnedId);
    expect(returned).toMatchObject({
      status: 'RETURNED',
      sender: { id: n.nl.organisationId, country: 'NL' },
      receiver: { id: n.hu.organisationId, country: 'HU' },
      consent: { status: 'ACTIVE' },
      latestFollowUp: { sequence: 1, dueOn: addMonths(`${YEAR}-01-31`, 1), status: 'OVERDUE' },
    });
    expect(listed.filter((referral: any) => referral.id !== returnedId).map((referral: any) => referral.latestFollowUp)).toEqual([
      null,
      null,
      null,
    ]);
    // The same field through its batch, outside a list page.
    const single = await t.gql(n.huWorker.token, 'query($id: ID!) { referral(id: $id) { latestFollowUp { id sequence dueOn status } } }', {
      id: returnedId,
    });
    expect(single.data.referral.latestFollowUp).toEqual(returned.latestFollowUp);
    // The sender's outbox reads the same neighbours.
    const outbox = await t.gql(n.nlWorker.token, 'query { referrals(box: OUTBOX, first: 10) { edges { node { id receiver { id } } } } }');
    expect(outbox.data.referrals.edges.every((edge: any) => edge.node.receiver.id === n.hu.organisationId)).toBe(true);
  });

  it('hydrates every column of a listed referral and its neighbours exactly as TypeORM loads them', async () => {
    const tenants = t.app.get(TenantDatabase);
    const pages = t.app.get(ReferralPages);
    const actor = { organisationId: n.hu.organisationId, memberId: n.huWorker.memberId, roles: [Role.CASE_WORKER], tokenId: '' };
    const page = await pages.read(actor, { box: ReferralBox.INBOX, first: 100 }, { now: clock.now(), today: clock.today() });
    await tenants.run(actor, async (manager) => {
      expect(page.edges).toHaveLength(4);
      const sameColumns = async <T extends object>(entity: new () => T, listed: object | null | undefined, id: string, only?: string[]) => {
        const loaded = (await manager.getRepository(entity).findOneByOrFail({ id } as never)) as Record<string, unknown>;
        const properties = only ?? t.dataSource.getMetadata(entity).columns.map((column) => column.propertyName);
        expect(properties.length).toBeGreaterThan(3);
        for (const property of properties)
          expect([property, (listed as Record<string, unknown>)[property]]).toEqual([property, loaded[property]]);
      };
      for (const { node } of page.edges as { node: WithLatestFollowUp }[]) {
        await sameColumns(ReferralEntity, node, node.id);
        await sameColumns(OrganisationEntity, node.sender, node.senderOrganisationId);
        await sameColumns(OrganisationEntity, node.receiver, node.receiverOrganisationId);
        await sameColumns(ConsentEntity, node.consent, node.consentId, [...CONSENT_TERMS]);
        if (node.latestFollowUp) await sameColumns(FollowUpEntity, node.latestFollowUp, node.latestFollowUp.id);
      }
      expect(page.edges.filter((edge) => (edge.node as WithLatestFollowUp).latestFollowUp)).toHaveLength(1);
    });
  });

  describe('a narrow page (only the columns of what a list usually asks for)', () => {
    /** Every field a narrow page answers (ReferralPages.narrowShape), twice over through an alias and fragments. */
    const NARROW_FIELDS = `id reference status version senderCountry receiverCountry updatedAt submittedAt flags
      sender { id name country } again: receiver { ...Place }
      consent { status purposes categories givenAt expiresAt }
      latestFollowUp { __typename id referralId sequence dueOn status submittedAt closedAt createdAt carriesReintegrationPlan }
      ... on Referral { __typename }`;
    const page = (more: string) => `query($first: Int!) { referrals(box: INBOX, first: $first) {
      edges { cursor node { ${NARROW_FIELDS} ${more} } } pageInfo { hasNextPage endCursor } } }
      fragment Place on Organisation { id name country }`;

    /** The page's answer with the narrow flag its read was given. */
    async function read(query: string) {
      const pages = t.app.get(ReferralPages);
      const spy = jest.spyOn(pages, 'read');
      try {
        const answer = await counted(n.huWorker.token, query, { first: 100 });
        expect(answer.codes).toEqual([]);
        expect(spy).toHaveBeenCalledTimes(1);
        return { ...answer, narrow: spy.mock.calls[0][3] === true };
      } finally {
        spy.mockRestore();
      }
    }

    /** The parts of `full` that `narrow` has: the answer without what was asked for on top. */
    const like = (full: unknown, narrow: unknown): unknown =>
      Array.isArray(narrow)
        ? narrow.map((item, i) => like((full as unknown[])[i], item))
        : narrow && typeof narrow === 'object'
          ? Object.fromEntries(Object.keys(narrow).map((key) => [key, like((full as Record<string, unknown>)[key], (narrow as any)[key])]))
          : full;

    it("serves the benchmark's inbox page and every field of the narrow shape, with no statement more", async () => {
      expect((await read(INBOX)).narrow).toBe(true);
      const narrow = await read(page(''));
      expect(narrow.narrow).toBe(true);
      const full = await read(page('createdAt'));
      expect(full.narrow).toBe(false);
      expect(narrow.statements).toBe(full.statements);
    });

    it.each([
      ['a column it does not read', 'createdAt', (node: any) => node.createdAt],
      ['a field of another module', 'followUps { id }', (node: any) => node.followUps],
      ['a field of an organisation it does not read, through a fragment', 'sender { ...Kind }', (node: any) => node.sender.kind],
      [
        "the latest follow-up's referral (which would be the narrow one)",
        'latestFollowUp { referral { createdAt } }',
        (node: any) => node.latestFollowUp?.referral?.createdAt,
      ],
      ['a field in an inline fragment', '... on Referral { events { type } }', (node: any) => node.events],
    ])('reads every column when the page asks for %s, and answers the narrow fields the same', async (_case, more, extra) => {
      const query = more.includes('...Kind')
        ? page(more).replace('fragment Place', 'fragment Kind on Organisation { kind } fragment Place')
        : page(more);
      const [narrow, full] = [await read(page('')), await read(query)];
      expect(full.narrow).toBe(false);
      const edges = full.body.data.referrals.edges as { node: Record<string, unknown> }[];
      expect(edges).toHaveLength(4);
      // What was asked for on top is answered (a full read), and everything else is as on the narrow page.
      expect(edges.map((edge) => extra(edge.node)).some((value) => value !== null && value !== undefined)).toBe(true);
      expect(like(full.body.data, narrow.body.data)).toEqual(narrow.body.data);
    });
  });

  it("decides, reads and logs a referral's personal data in one batch, whichever of its fields are asked for", async () => {
    // Both ask for the person's data under both legal bases (consent, and vital interest for the risk
    // assessment), which log one access event each; the second asks for every other field on top.
    const detail = (fields: string) =>
      counted(n.huWorker.token, `query($id: ID!) { referral(id: $id) { id ${fields} } }`, { id: returnedId });
    const one = await detail('needs { serviceType } riskAssessment { level } redactions { field } subject { identity { familyName } }');
    const all =
      await detail(`needs { serviceType } caseHistory { summary } returnPlan { route } riskAssessment { level } redactions { field }
      subject { pseudonym identity { familyName } contact { phone } health { notes } redactions { field } }`);
    for (const answer of [one, all]) expect(answer.codes).toEqual([]);
    expect(all.body.data.referral.subject.identity.familyName).toBeTruthy();
    expect(all.statements).toBe(one.statements);
  });

  it("reads a referral's detail (the benchmark's scenario 2) with the person's consent decided once", async () => {
    const detail = await counted(n.huWorker.token, REFERRAL_DETAIL, { id: returnedId });
    expect(detail.codes).toEqual([]);
    expect(detail.body.data.referral.subject.identity.familyName).toBeTruthy();
    // The token; then one transaction: its settings, the referral with its neighbours and person, the consent
    // decision, the records with their key, and the log of the reads.
    expect(detail.statements).toBe(8);
  });

  it("searches practices (the benchmark's scenario 3) in one statement within the request's transaction, whatever the search", async () => {
    const editor = await t.member(n.nl, ['PRACTICE_EDITOR']);
    // A word no other suite's practice holds (the suites may share a database).
    const word = `marker${randomUUID().replace(/[^a-f]/g, '')}`;
    for (const title of [`Safe return of ${word}`, `Reception of ${word} at the airport`]) {
      const input = { title, summary: 'What worked for people coming home.', body: 'Met at arrival by the receiving NGO.', language: 'en' };
      const created = await t.gql(
        editor.token,
        'mutation($input: CreatePracticeInput!) { createPractice(input: $input) { practice { id } } }',
        {
          input,
        },
      );
      await t.gql(editor.token, 'mutation($id: ID!) { publishPractice(input: { id: $id }) { practice { id } } }', {
        id: created.data.createPractice?.practice.id,
      });
    }
    const search = await counted(n.huWorker.token, PRACTICE_SEARCH, { search: word, language: 'en' });
    expect(search.codes).toEqual([]);
    expect(search.body.data.practices.edges.map((edge: any) => edge.node.organisation.country)).toEqual(['NL', 'NL']);
    // The token; then one transaction: its settings, and the page with each practice's organisation.
    expect(search.statements).toBe(5);

    // Constant whatever the search: more words, a typo or no diacritics, every language at once, a larger page, a
    // phrase or a negation, the next page. Snippets add one statement for the whole page.
    const variants = [
      { search: `${word} airport reception`, language: 'en' },
      { search: `${word} aldozatok visszateres`, language: null },
      { search: `"safe return" -nothing ${word}`, language: null },
      { search: `recepton ${word}`, language: 'hu' },
    ];
    for (const variables of variants) {
      const variant = await counted(n.huWorker.token, PRACTICE_SEARCH, variables);
      expect({ variables, codes: variant.codes, statements: variant.statements }).toEqual({ variables, codes: [], statements: 5 });
    }
    const WITH_SNIPPETS = `query($search: String!, $first: Int, $after: String) { practices(search: $search, first: $first, after: $after) {
      edges { rank snippet { text highlighted } node { id title organisation { name } } } pageInfo { endCursor } } }`;
    const pages = [];
    for (const variables of [{ first: 1 }, { first: 100 }, { search: `${word} safe return arrival`, first: 20 }]) {
      pages.push(await counted(n.huWorker.token, WITH_SNIPPETS, { search: word, ...variables }));
    }
    pages.push(
      await counted(n.huWorker.token, WITH_SNIPPETS, { search: word, first: 1, after: pages[0].body.data.practices.pageInfo.endCursor }),
    );
    expect(pages.map((page) => page.codes)).toEqual([[], [], [], []]);
    expect(pages.map((page) => page.body.data.practices.edges.length)).toEqual([1, 2, expect.any(Number), 1]);
    expect(pages.map((page) => page.statements)).toEqual([6, 6, 6, 6]);
  });

  it('refuses a query deeper than 12 levels before any SQL', async () => {
    let selection = 'id';
    for (let i = 0; i < 7; i++) selection = `followUps { referral { ${selection} } }`;
    const result = await counted(n.huWorker.token, `query { referrals(box: INBOX, first: 1) { edges { node { ${selection} } } } }`);
    expect(result.codes).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(result.body.errors![0].message).toBe(
      'The query is nested 17 levels deep, more than the limit of 12. Ask for fewer nested levels.',
    );
    expect(result.statements).toBe(0);
  });

  it.each([
    ['written in the query', 'query { referrals(box: INBOX, first: 101) { edges { node { id } } } }', {}],
    ['passed as a variable', 'query($first: Int!) { referrals(box: INBOX, first: $first) { edges { node { id } } } }', { first: 101 }],
    ['backwards', 'query($last: Int!) { referrals(box: INBOX, last: $last) { edges { node { id } } } }', { last: 101 }],
  ])('refuses a page larger than 100 %s before any SQL', async (_, query, variables) => {
    const result = await counted(n.huWorker.token, query, variables);
    expect(result.codes).toEqual(['BAD_USER_INPUT']);
    expect(result.body.errors![0].message).toContain('at most 100');
    expect(result.statements).toBe(0);
  });

  it('refuses a query whose estimated cost is above the budget before any SQL', async () => {
    const page = (alias: string) =>
      `${alias}: referrals(box: INBOX, first: 100) { edges { node { id reference status sender { id name } receiver { id name } consent { status } } } }`;
    const aliases = Array.from({ length: 10 }, (_, i) => page(`page${i}`)).join(' ');
    const result = await counted(n.huWorker.token, `query { ${aliases} }`);
    expect(result.codes).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(result.body.errors![0].message).toMatch(/estimated cost is \d+, above the budget of 10000/);
    expect(result.statements).toBe(0);
  });
});
