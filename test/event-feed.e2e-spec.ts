import { STATEMENT_COUNT_HEADER } from '../src/database/statement-counter.js';
import { EventType } from '../src/events/event-type.js';
import { ManualClock } from './support/manual-clock.js';
import { eventsSettled, MESSAGE, PERSONAL_MARKERS } from './support/partner-events.js';
import { MOVE, network, Network, submittedReferral } from './support/referral-fixtures.js';
import { ON_EMBEDDED, TEST_DATABASE_URL, TestApp } from './support/test-app.js';
import pg from 'pg';

const EVENTS = `query($first: Int, $after: String, $last: Int, $before: String, $types: [EventType!], $since: DateTime) {
  events(first: $first, after: $after, last: $last, before: $before, types: $types, since: $since) {
    edges { cursor node { id type occurredAt actorOrganisationId referralId messageId followUpId practiceId meetingId
      consentScope { consentId purposes categories expiresAt } } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;

/**
 * The types about the suite's own referrals. Every active organisation hears of a published practice, and suites that
 * share the database publish practices at any time, so exact lists leave those out.
 */
const CASE_TYPES = Object.values(EventType).filter((type) => ![EventType.PRACTICE_PUBLISHED, EventType.MEETING_INVITATION].includes(type));

describe('the event feed: each organisation polls its own events and resumes where it stopped', () => {
  const clock = new ManualClock();
  let t: TestApp;
  let n: Network;
  let referralId: string;

  async function counted(token: string, variables: Record<string, unknown>, query = EVENTS) {
    const response = await t.http
      .post('/graphql')
      .set('content-type', 'application/json')
      .set('authorization', `Bearer ${token}`)
      .send({ query, variables });
    const codes = ((response.body.errors ?? []) as { extensions?: { code?: string } }[]).map((error) => error.extensions?.code);
    return { body: response.body, codes, statements: Number(response.headers[STATEMENT_COUNT_HEADER]) };
  }

  /** Every event the token's organisation hears, page by page. */
  async function all(token: string, first: number, variables: Record<string, unknown> = {}) {
    await eventsSettled(t);
    const nodes: { id: string; type: string; referralId: string }[] = [];
    let after: string | null = null;
    do {
      const result = await t.gql(token, EVENTS, { types: CASE_TYPES, ...variables, first, after });
      expect(result.errorCodes).toEqual([]);
      nodes.push(...result.data.events.edges.map((edge: { node: (typeof nodes)[0] }) => edge.node));
      after = result.data.events.pageInfo.hasNextPage ? result.data.events.pageInfo.endCursor : null;
    } while (after);
    return nodes;
  }

  /** A consent given a minute before the test's clock. */
  const given = () => ({ givenAt: new Date(clock.now().getTime() - 60_000).toISOString() });

  beforeAll(async () => {
    clock.setDay('2026-11-02');
    t = await TestApp.start({ RAVOT_COUNT_SQL: 'true' }, { clock });
    n = await network(t);
    const submitted = await submittedReferral(t, n, given());
    referralId = submitted.referralId;
    clock.setDay('2026-11-03');
    await t.gql(n.huWorker.token, MOVE('acceptReferral', 'AcceptReferralInput'), {
      input: { referralId, expectedVersion: submitted.version },
    });
    await t.gql(n.nlWorker.token, MESSAGE, { input: { referralId, body: 'Her brother meets her at the airport' } });
    for (let i = 0; i < 4; i++) await submittedReferral(t, n, given());
  });
  afterAll(async () => {
    await t.close();
    delete process.env.RAVOT_COUNT_SQL;
  });

  it('lists the organisation’s events oldest first, each once, across pages of any size', async () => {
    const whole = await all(n.huWorker.token, 100);
    expect(whole.map((event) => event.type)).toEqual([
      'REFERRAL_RECEIVED',
      'REFERRAL_ACCEPTED',
      'MESSAGE_RECEIVED',
      'REFERRAL_RECEIVED',
      'REFERRAL_RECEIVED',
      'REFERRAL_RECEIVED',
      'REFERRAL_RECEIVED',
    ]);
    for (const first of [1, 2, 3]) expect(await all(n.huWorker.token, first)).toEqual(whole);
    const [received, accepted, message] = (await t.gql(n.huWorker.token, EVENTS, { types: CASE_TYPES, first: 3 })).data.events.edges.map(
      (edge: { node: unknown }) => edge.node,
    );
    expect(received).toMatchObject({ referralId, actorOrganisationId: n.nl.organisationId, occurredAt: '2026-11-02T12:00:00.000Z' });
    expect(accepted.consentScope).toMatchObject({ purposes: ['RETURN_ASSISTANCE', 'REINTEGRATION_SUPPORT'], expiresAt: null });
    expect(message).toMatchObject({ referralId, messageId: expect.any(String), consentScope: null });
    for (const marker of PERSONAL_MARKERS) expect(JSON.stringify(whole)).not.toContain(marker);
  });

  it('resumes after a cursor with exactly the events written since, however long the cursor was kept', async () => {
    await eventsSettled(t);
    const first = await t.gql(n.huWorker.token, EVENTS, { types: CASE_TYPES, first: 100 });
    const kept = first.data.events.pageInfo.endCursor;
    expect((await t.gql(n.huWorker.token, EVENTS, { types: CASE_TYPES, after: kept })).data.events.edges).toEqual([]);
    const later = await submittedReferral(t, n, given());
    await eventsSettled(t);
    const resumed = await t.gql(n.huWorker.token, EVENTS, { types: CASE_TYPES, after: kept });
    expect(resumed.data.events.edges.map((edge: { node: { type: string; referralId: string } }) => edge.node)).toMatchObject([
      { type: 'REFERRAL_RECEIVED', referralId: later.referralId },
    ]);
  });

  // PGlite has one session, so no two writers ever overlap there.
  (ON_EMBEDDED ? it.skip : it)('never shows an event behind a cursor already handed out, however commits interleave', async () => {
    await eventsSettled(t);
    const kept = (await t.gql(n.huWorker.token, EVENTS, { types: CASE_TYPES, first: 100 })).data.events.pageInfo.endCursor;
    // A writer that started first and commits last (its event gets the earlier transaction id).
    const slow = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await slow.connect();
    try {
      await slow.query('BEGIN');
      await slow.query(
        `INSERT INTO outbox_events (event_id, organisation_id, type, occurred_at, referral_id) VALUES (gen_random_uuid(), $1, 'REFERRAL_CLOSED', now(), $2)`,
        [n.hu.organisationId, referralId],
      );
      const fast = await submittedReferral(t, n, given());
      // The later commit stays out of sight while the earlier writer may still add before it.
      expect((await t.gql(n.huWorker.token, EVENTS, { types: CASE_TYPES, after: kept })).data.events.edges).toEqual([]);
      await slow.query('COMMIT');
      await eventsSettled(t);
      const resumed = await t.gql(n.huWorker.token, EVENTS, { types: CASE_TYPES, after: kept });
      expect(resumed.data.events.edges.map((edge: { node: { type: string; referralId: string } }) => edge.node)).toMatchObject([
        { type: 'REFERRAL_CLOSED', referralId },
        { type: 'REFERRAL_RECEIVED', referralId: fast.referralId },
      ]);
    } finally {
      await slow.end();
    }
  });

  // The embedded database of a test lives as long as its service.
  (ON_EMBEDDED ? it.skip : it)('takes a cursor handed out before a restart, by another instance', async () => {
    await eventsSettled(t);
    const kept = (await t.gql(n.huWorker.token, EVENTS, { types: CASE_TYPES, first: 100 })).data.events.pageInfo.endCursor;
    const later = await submittedReferral(t, n, given());
    const restarted = await TestApp.start({}, { clock });
    try {
      await eventsSettled(restarted);
      const resumed = await restarted.gql(n.huWorker.token, EVENTS, { types: CASE_TYPES, after: kept });
      expect(resumed.data.events.edges.map((edge: { node: { type: string; referralId: string } }) => edge.node)).toMatchObject([
        { type: 'REFERRAL_RECEIVED', referralId: later.referralId },
      ]);
    } finally {
      await restarted.close();
    }
  });

  it('filters by type and by a point in time', async () => {
    expect((await all(n.huWorker.token, 100, { types: ['REFERRAL_ACCEPTED', 'MESSAGE_RECEIVED'] })).map((e) => e.type)).toEqual([
      'REFERRAL_ACCEPTED',
      'MESSAGE_RECEIVED',
    ]);
    const since = await all(n.huWorker.token, 100, { since: '2026-11-03T00:00:00Z' });
    expect(since.map((event) => event.type).slice(0, 2)).toEqual(['REFERRAL_ACCEPTED', 'MESSAGE_RECEIVED']);
    expect(since.some((event) => event.type === 'REFERRAL_RECEIVED' && event.referralId === referralId)).toBe(false);
  });

  it('shows a foreign organisation none of it, and the sender only its own side', async () => {
    expect(await all(n.bgWorker.token, 100)).toEqual([]);
    // The sender wrote the message: it does not hear of it.
    expect((await all(n.nlWorker.token, 100)).some((event) => event.type === 'MESSAGE_RECEIVED')).toBe(false);
  });

  it('refuses a forged cursor and a page above 100 with a clear error', async () => {
    const forged = await t.gql(n.huWorker.token, EVENTS, { after: Buffer.from('["1; DROP TABLE x","2"]').toString('base64url') });
    expect(forged.errorCodes).toEqual(['BAD_USER_INPUT']);
    expect(forged.body.errors![0].message).toBe('The cursor is not valid: pass the endCursor of a page of the same list.');
    const large = await counted(n.huWorker.token, { first: 101 });
    expect(large.codes).toEqual(['BAD_USER_INPUT']);
    expect(large.statements).toBe(0);
  });

  it('runs the same statements, 2, for a page of 1, 10 or 100 events, with or without filters', async () => {
    const pages: Awaited<ReturnType<typeof counted>>[] = [];
    for (const first of [1, 10, 100]) pages.push(await counted(n.huWorker.token, { first }));
    pages.push(await counted(n.huWorker.token, { first: 100, types: ['REFERRAL_RECEIVED'], since: '2026-01-01T00:00:00Z' }));
    // Backwards too: the last page, and the page before a cursor, each one statement of its own direction.
    for (const last of [1, 10, 100]) pages.push(await counted(n.huWorker.token, { last }));
    pages.push(await counted(n.huWorker.token, { last: 2, before: pages[2].body.data.events.edges.at(-1).cursor }));
    for (const page of pages) expect(page.codes).toEqual([]);
    // The token's check, which sets the tenant settings, and the page in one round trip (TenantDatabase.read).
    expect(pages.map((page) => page.statements)).toEqual([2, 2, 2, 2, 2, 2, 2, 2]);
    const ids = (page: (typeof pages)[number]) => page.body.data.events.edges.map((edge: { node: { id: string } }) => edge.node.id);
    expect(ids(pages[6])).toEqual(ids(pages[2]));
    expect(ids(pages[4])).toEqual(ids(pages[2]).slice(-1));
    expect(ids(pages[7])).toEqual(ids(pages[2]).slice(-3, -1));
  });

  it('counts the feed in the cost budget: ten pages of 100 are refused before any SQL', async () => {
    const page = (alias: string) =>
      `${alias}: events(first: 100) { edges { node { id type occurredAt actorOrganisationId referralId messageId followUpId practiceId meetingId consentScope { consentId purposes categories expiresAt } } } }`;
    const query = `query { ${Array.from({ length: 10 }, (_, i) => page(`page${i}`)).join(' ')} }`;
    const result = await counted(n.huWorker.token, {}, query);
    expect(result.codes).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(result.body.errors[0].message).toMatch(/estimated cost is \d+, above the budget of 10000/);
    expect(result.statements).toBe(0);
  });
});
