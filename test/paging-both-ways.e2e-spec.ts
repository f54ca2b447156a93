import { freshDatabase } from './support/fresh-database.js';
import { MOVE, network, Network, registerSubject, submittedReferral } from './support/referral-fixtures.js';
import { Party, TestApp } from './support/test-app.js';

const WEBHOOK_ENV = { RAVOT_WEBHOOK_ALLOW_HTTP: 'true', RAVOT_WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1/32', RAVOT_WEBHOOK_INTERVAL_MS: '0' };
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

/**
 * Every connection pages both ways (Relay cursor connections): walking a list backwards with `last`/`before`
 * gives the same items in the same order as walking it forwards with `first`/`after`, and each page's PageInfo
 * says truly whether there is more on either side. On an empty database of its own: network-wide lists
 * (organisations, practices, meetings) would otherwise change under the walk as other suites write.
 */
describe('paging both ways', () => {
  let t: TestApp;
  let drop: () => Promise<void>;
  let n: Network;
  let editor: Party;
  let practiceId: string;
  let meetingId: string;
  let subjectId: string;

  beforeAll(async () => {
    const fresh = await freshDatabase();
    drop = fresh.drop;
    t = await TestApp.start({ ...fresh.overrides, ...WEBHOOK_ENV, RATE_LIMIT_PER_MINUTE: '100000' });
    n = await network(t);
    editor = await t.member(n.nl, ['PRACTICE_EDITOR']);
    await t.organisation(n.admin, { country: 'RO' });
    for (let i = 0; i < 4; i++) await t.member(n.nl, ['CASE_WORKER']);
    const referrals = [];
    for (let i = 0; i < 5; i++) referrals.push(await submittedReferral(t, n, { givenAt: new Date(Date.now() - 60_000).toISOString() }));
    // Two arrivals schedule eight follow-ups in the receiver's worklist.
    for (const referral of referrals.slice(0, 2)) {
      await t.gql(n.huWorker.token, MOVE('acceptReferral', 'AcceptReferralInput'), {
        input: { referralId: referral.referralId, expectedVersion: referral.version },
      });
      const arrived = await t.gql(n.huWorker.token, MOVE('recordArrival', 'RecordArrivalInput'), {
        input: { referralId: referral.referralId, expectedVersion: referral.version + 1, arrivedOn: inDays(-1) },
      });
      expect(arrived.errorCodes).toEqual([]);
    }
    // Each read of the person's data by the receiver is in the owner's access log.
    subjectId = referrals[0].subjectId;
    for (let i = 0; i < 5; i++) {
      await t.gql(n.huWorker.token, 'query($id: ID!) { referral(id: $id) { subject { identity { familyName } } } }', {
        id: referrals[0].referralId,
      });
    }
    for (let i = 0; i < 2; i++) await registerSubject(t, n.nlWorker);
    const pastMeeting = { country: 'NL', city: 'Utrecht', status: 'HELD' };
    for (let i = 0; i < 5; i++) {
      const input = { ...pastMeeting, title: `Past meeting ${i}`, startsOn: inDays(-30 - i), endsOn: inDays(-30 - i) };
      const created = await t.gql(
        editor.token,
        'mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { meeting { id } } }',
        {
          input,
        },
      );
      expect(created.errorCodes).toEqual([]);
      meetingId = created.data.createMeeting.meeting.id;
    }
    for (let i = 0; i < 5; i++) {
      const input = { title: `Practice ${i}`, summary: 'What worked on return.', body: 'Reception at arrival.', language: 'en', meetingId };
      const created = await t.gql(
        editor.token,
        'mutation($input: CreatePracticeInput!) { createPractice(input: $input) { practice { id } } }',
        {
          input,
        },
      );
      practiceId = created.data.createPractice.practice.id;
      await t.gql(editor.token, 'mutation($id: ID!) { publishPractice(input: { id: $id }) { practice { id } } }', { id: practiceId });
    }
    for (let i = 0; i < 5; i++) {
      const comment = await t.gql(
        n.huWorker.token,
        'mutation($input: CommentOnPracticeInput!) { commentOnPractice(input: $input) { comment { id } } }',
        { input: { practiceId, body: `Comment ${i}` } },
      );
      expect(comment.errorCodes).toEqual([]);
    }
    for (let i = 0; i < 5; i++) {
      const meeting = { title: `Meeting ${i}`, country: 'NL', city: 'Utrecht', startsOn: inDays(10 + i), endsOn: inDays(10 + i) };
      const created = await t.gql(
        editor.token,
        'mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { meeting { id } } }',
        {
          input: meeting,
        },
      );
      expect(created.errorCodes).toEqual([]);
    }
    for (let i = 0; i < 5; i++) {
      const registered = await t.gql(
        n.hu.token,
        'mutation($input: RegisterWebhookEndpointInput!) { registerWebhookEndpoint(input: $input) { endpoint { id } } }',
        { input: { url: `http://127.0.0.1:9/hook-${i}`, eventTypes: ['REFERRAL_RECEIVED'] } },
      );
      expect(registered.errorCodes).toEqual([]);
    }
  });
  afterAll(async () => {
    await t.close();
    await drop();
    delete process.env.RATE_LIMIT_PER_MINUTE;
  });

  /** A list: who reads it, the field (with its other arguments) and the path from `data` to the connection. */
  const LISTS: [string, () => Party, string, (data: any) => any][] = [
    ['organisations', () => n.nlWorker, 'organisations', (data) => data.organisations],
    ['members', () => n.nl, 'members', (data) => data.members],
    ['subjects', () => n.nlWorker, 'subjects', (data) => data.subjects],
    ['the outbox', () => n.nlWorker, 'referrals(box: OUTBOX)', (data) => data.referrals],
    ['the inbox', () => n.huWorker, 'referrals(box: INBOX)', (data) => data.referrals],
    ['audit events', () => n.nl, 'auditEvents', (data) => data.auditEvents],
    ['events', () => n.huWorker, 'events', (data) => data.events],
    ['practices', () => n.huWorker, 'practices', (data) => data.practices],
    ['a practice search', () => n.huWorker, 'practices(search: "reception")', (data) => data.practices],
    ['upcoming meetings', () => n.huWorker, 'meetings(period: UPCOMING)', (data) => data.meetings],
    ['webhook endpoints', () => n.hu, 'webhookEndpoints', (data) => data.webhookEndpoints],
    ['past meetings', () => n.huWorker, 'meetings(period: PAST)', (data) => data.meetings],
    ['the follow-up worklist', () => n.huWorker, 'followUps', (data) => data.followUps],
    ["a person's access log", () => n.nlWorker, 'subjectAccessLog(subjectId: "$subject")', (data) => data.subjectAccessLog],
    ["a meeting's practices", () => n.huWorker, 'meeting(id: "$meeting") { practices', (data) => data.meeting.practices],
  ];

  /** One page: the edges' cursors (a cursor names its item) and the PageInfo. */
  async function page(reader: Party, field: string, connection: (data: any) => any, paging: string) {
    // A nested list (`meeting(id) { practices`) takes its paging on the inner field, and closes one brace more.
    const nested = field.endsWith('{ practices');
    const named = field.replace('$subject', subjectId).replace('$meeting', meetingId);
    const args = nested ? `${named}(${paging})` : named.includes('(') ? named.replace(')', `, ${paging})`) : `${named}(${paging})`;
    const result = await t.gql(
      reader.token,
      `{ ${args} { edges { cursor } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } ${nested ? '}' : ''} }`,
    );
    expect({ field, paging, errors: result.errorCodes }).toEqual({ field, paging, errors: [] });
    const { edges, pageInfo } = connection(result.data) as { edges: { cursor: string }[]; pageInfo: PageInfo };
    return { cursors: edges.map((edge) => edge.cursor), pageInfo };
  }

  it.each(LISTS)('walks %s backwards in the same order as forwards, with the right PageInfo', async (_, reader, field, connection) => {
    const whole = await page(reader(), field, connection, 'first: 100');
    expect(whole.cursors.length).toBeGreaterThanOrEqual(5);
    expect(whole.pageInfo).toEqual({
      hasNextPage: false,
      hasPreviousPage: false,
      startCursor: whole.cursors[0],
      endCursor: whole.cursors.at(-1),
    });

    const forwards: string[] = [];
    let after = '';
    for (;;) {
      const next = await page(reader(), field, connection, `first: 2${after}`);
      expect(next.pageInfo.hasPreviousPage).toBe(forwards.length > 0);
      forwards.push(...next.cursors);
      if (!next.pageInfo.hasNextPage) break;
      after = `, after: "${next.pageInfo.endCursor}"`;
    }
    expect(forwards).toEqual(whole.cursors);

    const backwards: string[][] = [];
    let before = '';
    for (;;) {
      const previous = await page(reader(), field, connection, `last: 2${before}`);
      expect(previous.cursors.length).toBeGreaterThan(0);
      expect(previous.pageInfo.hasNextPage).toBe(backwards.length > 0);
      expect([previous.pageInfo.startCursor, previous.pageInfo.endCursor]).toEqual([previous.cursors[0], previous.cursors.at(-1)]);
      backwards.unshift(previous.cursors);
      if (!previous.pageInfo.hasPreviousPage) break;
      before = `, before: "${previous.pageInfo.startCursor}"`;
    }
    expect(backwards.flat()).toEqual(whole.cursors);
    // The last page holds the list's last items, in the list's order.
    expect(backwards.at(-1)).toEqual(whole.cursors.slice(-2));
  });

  it("pages a practice's comments both ways too, inside the practice", async () => {
    const comments = async (paging: string) => {
      const result = await t.gql(
        n.huWorker.token,
        `query($id: ID!) { practice(id: $id) { comments(${paging}) { edges { cursor node { body } } pageInfo { hasNextPage hasPreviousPage startCursor } } } }`,
        { id: practiceId },
      );
      expect(result.errorCodes).toEqual([]);
      return result.data.practice.comments;
    };
    const all = await comments('first: 100');
    expect(all.edges.map((edge: any) => edge.node.body)).toEqual(['Comment 0', 'Comment 1', 'Comment 2', 'Comment 3', 'Comment 4']);
    const last = await comments('last: 2');
    expect(last.edges.map((edge: any) => edge.node.body)).toEqual(['Comment 3', 'Comment 4']);
    expect(last.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const before = await comments(`last: 2, before: "${last.pageInfo.startCursor}"`);
    expect(before.edges.map((edge: any) => edge.node.body)).toEqual(['Comment 1', 'Comment 2']);
    expect(before.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
  });

  it.each([
    ['first and last', 'first: 2, last: 2', 'last'],
    ['after and before', 'after: "x", before: "y"', 'before'],
    ['first and before', 'first: 2, before: "y"', 'before'],
  ])('refuses %s together with a BAD_USER_INPUT naming the argument', async (_, paging, argument) => {
    const result = await t.gql(n.nlWorker.token, `{ organisations(${paging}) { edges { cursor } } }`);
    expect(result.errorCodes).toEqual(['BAD_USER_INPUT']);
    const problems = result.body.errors![0].extensions!.problems as { path: string[]; constraint: string; message: string }[];
    expect(problems).toContainEqual(expect.objectContaining({ path: [argument], constraint: 'pageDirection' }));
    expect(result.data.organisations ?? null).toBeNull();
  });

  it('refuses a forged before cursor with a BAD_USER_INPUT on before, and last above 100 before any SQL', async () => {
    const forged = await t.gql(n.nlWorker.token, '{ organisations(last: 2, before: "bm90IGEgY3Vyc29y") { edges { cursor } } }');
    expect(forged.errorCodes).toEqual(['BAD_USER_INPUT']);
    expect(forged.body.errors![0].extensions!.problems).toEqual([expect.objectContaining({ path: ['before'], constraint: 'cursor' })]);
    const tooLarge = await t.gql(n.nlWorker.token, '{ organisations(last: 101) { edges { cursor } } }');
    expect(tooLarge.errorCodes).toEqual(['BAD_USER_INPUT']);
    expect(tooLarge.body.errors![0].message).toContain('organisations(last: 101)');
  });
});
