import { randomUUID } from 'node:crypto';
import { TenantDatabase } from '../src/database/tenant-database.js';
import { Party, TestApp } from './support/test-app.js';

const MEETING_FIELDS = `id title country city startsOn endsOn agenda challenges status host { id }
  participants { status organisation { id } }`;
const CREATE = `mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { meeting { ${MEETING_FIELDS} } } }`;
const UPDATE = `mutation($input: UpdateMeetingInput!) { updateMeeting(input: $input) { meeting { ${MEETING_FIELDS} } } }`;
const GET = `query($id: ID!) { meeting(id: $id) { ${MEETING_FIELDS} } }`;
const LIST = `query($period: MeetingPeriod!, $country: String, $status: MeetingStatus, $first: Int!, $after: String) {
  meetings(period: $period, country: $country, status: $status, first: $first, after: $after) {
    edges { node { id startsOn endsOn status } } pageInfo { hasNextPage endCursor } } }`;
const CREATE_PRACTICE = `mutation($input: CreatePracticeInput!) { createPractice(input: $input) { practice { id } } }`;
const PUBLISH = `mutation($id: ID!) { publishPractice(input: { id: $id }) { practice { id } } }`;
const UPDATE_PRACTICE = `mutation($input: UpdatePracticeInput!) { updatePractice(input: $input) { practice { id meeting { id title } } } }`;

/** YYYY-MM-DD, `days` from today (UTC). */
const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('expert meetings', () => {
  let t: TestApp;
  let nl: Party & { name: string };
  let hu: Party & { name: string };
  let ro: Party & { name: string };
  let nlEditor: Party;
  let huEditor: Party;
  let huCaseWorker: Party;

  beforeAll(async () => {
    t = await TestApp.start();
    const admin = await t.networkAdmin();
    nl = await t.organisation(admin, { country: 'NL' });
    hu = await t.organisation(admin, { country: 'HU' });
    ro = await t.organisation(admin, { country: 'RO' });
    nlEditor = await t.member(nl, ['PRACTICE_EDITOR']);
    huEditor = await t.member(hu, ['PRACTICE_EDITOR']);
    huCaseWorker = await t.member(hu, ['CASE_WORKER']);
  });
  afterAll(() => t.close());

  const fields = (overrides: Record<string, unknown> = {}) => ({
    title: 'Expert meeting on safe return',
    country: 'nl',
    city: 'Utrecht',
    startsOn: day(60),
    endsOn: day(61),
    agenda: ['  Welcome  ', 'Reception at arrival'],
    challenges: ['Follow-up after a move'],
    ...overrides,
  });

  const create = async (party: Party, overrides: Record<string, unknown> = {}) => {
    const result = await t.gql(party.token, CREATE, { input: fields(overrides) });
    if (!result.data.createMeeting?.meeting) throw new Error(`createMeeting failed: ${JSON.stringify(result.body.errors)}`);
    return result.data.createMeeting?.meeting as { id: string; [field: string]: any };
  };

  const countMeetings = async (host: Party) =>
    Number((await t.dataSource.query('SELECT count(*) FROM expert_meetings WHERE organisation_id = $1', [host.organisationId]))[0].count);

  it('is created by a host with agenda, challenges and participants, and read by every member of the network', async () => {
    const meeting = await create(nlEditor, {
      participants: [{ organisationId: hu.organisationId, status: 'CONFIRMED' }, { organisationId: ro.organisationId }],
    });
    expect(meeting).toMatchObject({
      country: 'NL',
      city: 'Utrecht',
      status: 'PLANNED',
      agenda: ['Welcome', 'Reception at arrival'],
      challenges: ['Follow-up after a move'],
      host: { id: nl.organisationId },
    });
    expect(new Set(meeting.participants.map((p: any) => `${p.organisation.id}:${p.status}`))).toEqual(
      new Set([`${hu.organisationId}:CONFIRMED`, `${ro.organisationId}:INVITED`]),
    );
    const read = await t.gql(huCaseWorker.token, GET, { id: meeting.id });
    expect(read.data.meeting).toEqual(meeting);
  });

  it('is changed by its host only: FORBIDDEN for others, for members without the role, and NOT_FOUND when there is none', async () => {
    const meeting = await create(nlEditor);
    const before = await countMeetings(hu);
    expect((await t.gql(huCaseWorker.token, CREATE, { input: fields() })).errorCodes).toEqual(['FORBIDDEN']);
    expect(await countMeetings(hu)).toBe(before);
    expect((await t.gql(huEditor.token, UPDATE, { input: { id: meeting.id, city: 'Budapest' } })).errorCodes).toEqual(['FORBIDDEN']);
    expect((await t.gql(nlEditor.token, UPDATE, { input: { id: randomUUID(), city: 'Budapest' } })).errorCodes).toEqual(['NOT_FOUND']);
    expect((await t.gql(huCaseWorker.token, GET, { id: randomUUID() })).errorCodes).toEqual(['NOT_FOUND']);

    // Row-level security says the same: another organisation's UPDATE changes nothing.
    const [, changed] = await t.app
      .get(TenantDatabase)
      .run({ organisationId: hu.organisationId, memberId: hu.memberId }, (manager) =>
        manager.query(`UPDATE expert_meetings SET city = 'Budapest' WHERE id = $1`, [meeting.id]),
      );
    expect(changed).toBe(0);

    const moved = await t.gql(nl.token, UPDATE, {
      input: { id: meeting.id, city: 'Amersfoort', participants: [{ organisationId: ro.organisationId, status: 'CONFIRMED' }] },
    });
    expect(moved.data.updateMeeting?.meeting).toMatchObject({
      city: 'Amersfoort',
      title: meeting.title,
      participants: [{ status: 'CONFIRMED', organisation: { id: ro.organisationId } }],
    });
    expect((await t.gql(nl.token, UPDATE, { input: { id: meeting.id } })).data.updateMeeting?.meeting).toEqual(
      moved.data.updateMeeting?.meeting,
    );
  });

  it('refuses bad input with BAD_USER_INPUT (or NOT_FOUND for an unknown participant) and writes nothing', async () => {
    const before = await countMeetings(nl);
    const refused = async (overrides: Record<string, unknown>) =>
      (await t.gql(nlEditor.token, CREATE, { input: fields(overrides) })).errorCodes;
    expect(await refused({ startsOn: day(10), endsOn: day(9) })).toEqual(['BAD_USER_INPUT']);
    expect(await refused({ startsOn: '2030-02-30', endsOn: '2030-03-01' })).toEqual(['BAD_USER_INPUT']);
    expect(await refused({ startsOn: '10/10/2030' })).toEqual(['BAD_USER_INPUT']);
    expect(await refused({ country: 'Netherlands' })).toEqual(['BAD_USER_INPUT']);
    expect(await refused({ agenda: ['Review of NL-2026-000123'] })).toEqual(['BAD_USER_INPUT']);
    expect(await refused({ challenges: ['The case HU-2025-000001'] })).toEqual(['BAD_USER_INPUT']);
    expect(
      await refused({ participants: [{ organisationId: hu.organisationId }, { organisationId: hu.organisationId, status: 'CONFIRMED' }] }),
    ).toEqual(['BAD_USER_INPUT']);
    expect(await refused({ participants: [{ organisationId: randomUUID() }] })).toEqual(['NOT_FOUND']);
    expect(await countMeetings(nl)).toBe(before);
  });

  it('goes PLANNED -> HELD once it has begun, or PLANNED -> CANCELLED, and a cancelled meeting changes no more', async () => {
    const future = await create(nlEditor);
    expect((await t.gql(nlEditor.token, UPDATE, { input: { id: future.id, status: 'HELD' } })).errorCodes).toEqual(['CONFLICT']);
    expect(
      (await t.gql(nlEditor.token, UPDATE, { input: { id: future.id, status: 'CANCELLED' } })).data.updateMeeting?.meeting.status,
    ).toBe('CANCELLED');
    expect((await t.gql(nlEditor.token, UPDATE, { input: { id: future.id, status: 'PLANNED' } })).errorCodes).toEqual(['CONFLICT']);
    expect((await t.gql(nlEditor.token, UPDATE, { input: { id: future.id, city: 'Zwolle' } })).errorCodes).toEqual(['CONFLICT']);

    const begun = await create(nlEditor, { startsOn: day(-1), endsOn: day(1) });
    const held = await t.gql(nlEditor.token, UPDATE, { input: { id: begun.id, status: 'HELD', challenges: ['What we discussed'] } });
    expect(held.data.updateMeeting?.meeting).toMatchObject({ status: 'HELD', challenges: ['What we discussed'] });
    expect((await t.gql(nlEditor.token, UPDATE, { input: { id: begun.id, status: 'CANCELLED' } })).errorCodes).toEqual(['CONFLICT']);

    // A past meeting can be recorded as HELD at once; a future one cannot, nor can one start CANCELLED.
    expect((await create(nlEditor, { startsOn: '2014-10-08', endsOn: '2014-10-09', status: 'HELD' })).status).toBe('HELD');
    expect((await t.gql(nlEditor.token, CREATE, { input: fields({ status: 'HELD' }) })).errorCodes).toEqual(['CONFLICT']);
    expect((await t.gql(nlEditor.token, CREATE, { input: fields({ status: 'CANCELLED' }) })).errorCodes).toEqual(['CONFLICT']);
  });

  it('lists upcoming meetings soonest first and past ones most recent first, in keyset pages', async () => {
    // Luxembourg is this test's own country, so meetings of other suites stay out of the way.
    const country = 'LU';
    const later = await create(nlEditor, { country, startsOn: day(90), endsOn: day(91) });
    const soon = await create(huEditor, { country, startsOn: day(20), endsOn: day(20) });
    const ongoing = await create(nlEditor, { country, startsOn: day(-1), endsOn: day(1) });
    const lastMonth = await create(huEditor, { country, startsOn: day(-35), endsOn: day(-33), status: 'HELD' });
    const lastYear = await create(nlEditor, { country, startsOn: day(-400), endsOn: day(-399), status: 'HELD' });

    const all = async (period: string) => {
      const ids: string[] = [];
      let after: string | null = null;
      do {
        const result = await t.gql(huCaseWorker.token, LIST, { period, country, first: 2, after });
        expect(result.body.errors).toBeUndefined();
        ids.push(...result.data.meetings.edges.map((edge: any) => edge.node.id));
        after = result.data.meetings.pageInfo.hasNextPage ? result.data.meetings.pageInfo.endCursor : null;
      } while (after);
      return ids;
    };
    const mine = (ids: string[], of: string[]) => ids.filter((id) => of.includes(id));
    const created = [later.id, soon.id, ongoing.id, lastMonth.id, lastYear.id];

    const upcoming = await all('UPCOMING');
    expect(new Set(upcoming).size).toBe(upcoming.length);
    expect(mine(upcoming, created)).toEqual([ongoing.id, soon.id, later.id]);
    const past = await all('PAST');
    expect(mine(past, created)).toEqual([lastMonth.id, lastYear.id]);

    const held = await t.gql(huCaseWorker.token, LIST, { period: 'PAST', country, status: 'HELD', first: 100 });
    expect(held.data.meetings.edges.every((edge: any) => edge.node.status === 'HELD')).toBe(true);
    expect((await t.gql(huCaseWorker.token, LIST, { period: 'PAST', first: 1, after: 'garbage' })).errorCodes).toEqual(['BAD_USER_INPUT']);
  });

  it('lists its published practices as its outcomes, for every member', async () => {
    const meeting = await create(nlEditor, { startsOn: day(-3), endsOn: day(-2), status: 'HELD' });
    const practice = (overrides: Record<string, unknown>) => ({
      title: 'An outcome',
      summary: 'What the meeting agreed.',
      body: 'Agreed at the meeting.',
      language: 'en',
      ...overrides,
    });
    const linkedAtCreation = (await t.gql(nlEditor.token, CREATE_PRACTICE, { input: practice({ meetingId: meeting.id }) })).data
      .createPractice?.practice.id;
    await t.gql(nlEditor.token, PUBLISH, { id: linkedAtCreation });
    const linkedLater = (await t.gql(huEditor.token, CREATE_PRACTICE, { input: practice({ language: 'hu' }) })).data.createPractice
      ?.practice.id;
    await t.gql(huEditor.token, PUBLISH, { id: linkedLater });
    const linked = await t.gql(huEditor.token, UPDATE_PRACTICE, { input: { id: linkedLater, meetingId: meeting.id } });
    expect(linked.data.updatePractice?.practice.meeting).toEqual({ id: meeting.id, title: meeting.title });
    // A draft is no outcome yet, not even for its author.
    await t.gql(nlEditor.token, CREATE_PRACTICE, { input: practice({ meetingId: meeting.id }) });
    const unlinked = (await t.gql(huEditor.token, CREATE_PRACTICE, { input: practice({ meetingId: meeting.id }) })).data.createPractice
      ?.practice.id;
    await t.gql(huEditor.token, PUBLISH, { id: unlinked });
    expect(
      (await t.gql(huEditor.token, UPDATE_PRACTICE, { input: { id: unlinked, meetingId: null } })).data.updatePractice?.practice.meeting,
    ).toBeNull();

    const OUTCOMES = `query($id: ID!, $after: String) { meeting(id: $id) { practices(first: 1, after: $after) {
      edges { rank node { id status meeting { id } } } pageInfo { hasNextPage endCursor } } } }`;
    const page1 = (await t.gql(huCaseWorker.token, OUTCOMES, { id: meeting.id })).data.meeting.practices;
    expect(page1.edges).toEqual([{ rank: null, node: { id: linkedLater, status: 'PUBLISHED', meeting: { id: meeting.id } } }]);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = (await t.gql(nlEditor.token, OUTCOMES, { id: meeting.id, after: page1.pageInfo.endCursor })).data.meeting.practices;
    expect(page2.edges.map((edge: any) => edge.node.id)).toEqual([linkedAtCreation]);
    expect(page2.pageInfo.hasNextPage).toBe(false);

    // Several meetings in one list load their outcomes together.
    const PAST = `{ meetings(period: PAST, first: 100) { edges { node { id practices { edges { node { id } } } } } } }`;
    const listed = (await t.gql(huCaseWorker.token, PAST)).data.meetings.edges.find((edge: any) => edge.node.id === meeting.id);
    expect(listed.node.practices.edges.map((edge: any) => edge.node.id)).toEqual([linkedLater, linkedAtCreation]);

    expect((await t.gql(nlEditor.token, UPDATE_PRACTICE, { input: { id: linkedAtCreation, meetingId: randomUUID() } })).errorCodes).toEqual(
      ['NOT_FOUND'],
    );
  });
});
