import { randomUUID } from 'node:crypto';
import {
  draftInput,
  MOVE,
  network,
  Network,
  recordConsent,
  registerSubject,
  subjectInput,
  submittedReferral,
} from './support/referral-fixtures.js';
import { Party, TestApp } from './support/test-app.js';

const today = () => new Date().toISOString().slice(0, 10);
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** One creating mutation: who calls it, with what, and where its records land. */
interface Creation {
  payload: string;
  inputType: string;
  table: string;
  /** The column naming the caller's organisation: other suites write to the same tables at the same time. */
  writer: string;
  caller: () => Party;
  /** The input (without key) and another input, differing in one field. */
  inputs: () => Promise<[Record<string, unknown>, Record<string, unknown>]>;
}

/**
 * A creating mutation sent again with the same idempotency key (a retry after a lost answer) acts once and answers
 * what it answered the first time; the same key with other input is a clear CONFLICT and writes nothing.
 */
describe('idempotency keys on every mutation that creates something', () => {
  let t: TestApp;
  let n: Network;
  let nlEditor: Party;
  let huEditor: Party;

  beforeAll(async () => {
    t = await TestApp.start();
    n = await network(t);
    nlEditor = await t.member(n.nl, ['PRACTICE_EDITOR']);
    huEditor = await t.member(n.hu, ['PRACTICE_EDITOR']);
  });
  afterAll(() => t.close());

  async function returnedReferral(): Promise<string> {
    const { referralId, version } = await submittedReferral(t, n);
    await t.gql(n.huWorker.token, MOVE('acceptReferral', 'AcceptReferralInput'), { input: { referralId, expectedVersion: version } });
    await t.gql(n.huWorker.token, MOVE('recordArrival', 'RecordArrivalInput'), {
      input: { referralId, expectedVersion: version + 1, arrivedOn: today() },
    });
    return referralId;
  }

  async function publishedPracticeOfHu(): Promise<string> {
    const input = { title: 'Reception at arrival', summary: 'Who meets the person.', body: 'A call the day before.', language: 'en' };
    const created = await t.gql(
      huEditor.token,
      'mutation($input: CreatePracticeInput!) { createPractice(input: $input) { practice { id } } }',
      {
        input,
      },
    );
    const id = created.data.createPractice?.practice.id;
    await t.gql(huEditor.token, 'mutation($id: ID!) { publishPractice(input: { id: $id }) { practice { id } } }', { id });
    return id;
  }

  const consentInput = (subjectId: string, formReference: string) => ({
    subjectId,
    recipientOrganisationIds: [n.hu.organisationId],
    purposes: ['RETURN_ASSISTANCE'],
    categories: ['IDENTITY'],
    givenAt: new Date(Date.now() - 60_000).toISOString(),
    language: 'hu',
    interpreterPresent: true,
    formReference,
  });
  const meetingInput = (city: string) => ({ title: 'Safe return', country: 'NL', city, startsOn: inDays(30), endsOn: inDays(31) });

  const CREATIONS: Record<string, Creation> = {
    registerSubject: {
      payload: 'subject',
      inputType: 'RegisterSubjectInput',
      table: 'subjects',
      writer: 'organisation_id',
      caller: () => n.nlWorker,
      inputs: async () => [subjectInput('Kovács'), subjectInput('Nagy')],
    },
    recordConsent: {
      payload: 'consent',
      inputType: 'RecordConsentInput',
      table: 'consents',
      writer: 'organisation_id',
      caller: () => n.nlWorker,
      inputs: async () => {
        const subjectId = await registerSubject(t, n.nlWorker);
        return [consentInput(subjectId, 'Form 1'), consentInput(subjectId, 'Form 2')];
      },
    },
    registerAndRefer: {
      payload: 'referral',
      inputType: 'RegisterAndReferInput',
      table: 'referrals',
      writer: 'sender_organisation_id',
      caller: () => n.nlWorker,
      inputs: async () => {
        const { subjectId: _subject, consentId: _consent, ...referral } = draftInput('', '', n.hu.organisationId);
        const { subjectId: _id, ...consent } = consentInput('', 'Form 3');
        const input = { subject: subjectInput('Balogh'), consent, referral };
        return [input, { ...input, subject: subjectInput('Farkas') }];
      },
    },
    sendReferralMessage: {
      payload: 'message',
      inputType: 'SendReferralMessageInput',
      table: 'referral_messages',
      writer: 'author_organisation_id',
      caller: () => n.nlWorker,
      inputs: async () => {
        const { referralId } = await submittedReferral(t, n);
        return [
          { referralId, body: 'The flight is booked.' },
          { referralId, body: 'The flight is moved.' },
        ];
      },
    },
    addFollowUp: {
      payload: 'followUp',
      inputType: 'AddFollowUpInput',
      table: 'follow_ups',
      writer: 'receiver_organisation_id',
      caller: () => n.huWorker,
      inputs: async () => {
        const referralId = await returnedReferral();
        return [
          { referralId, dueOn: inDays(45), reason: 'Before the hearing' },
          { referralId, dueOn: inDays(46), reason: 'Before the hearing' },
        ];
      },
    },
    createMeeting: {
      payload: 'meeting',
      inputType: 'CreateMeetingInput',
      table: 'expert_meetings',
      writer: 'organisation_id',
      caller: () => nlEditor,
      inputs: async () => [meetingInput('Utrecht'), meetingInput('Zwolle')],
    },
    createPractice: {
      payload: 'practice',
      inputType: 'CreatePracticeInput',
      table: 'practices',
      writer: 'organisation_id',
      caller: () => nlEditor,
      inputs: async () => [
        { title: 'Meeting at the airport', summary: 'Short', body: 'Long', language: 'en' },
        { title: 'Meeting at the station', summary: 'Short', body: 'Long', language: 'en' },
      ],
    },
    commentOnPractice: {
      payload: 'comment',
      inputType: 'CommentOnPracticeInput',
      table: 'practice_comments',
      writer: 'organisation_id',
      caller: () => nlEditor,
      inputs: async () => {
        const practiceId = await publishedPracticeOfHu();
        return [
          { practiceId, body: 'We do the same.' },
          { practiceId, body: 'We do otherwise.' },
        ];
      },
    },
    addMember: {
      payload: 'member',
      inputType: 'AddMemberInput',
      table: 'members',
      writer: 'organisation_id',
      caller: () => n.nl,
      inputs: async () => {
        const email = `${randomUUID()}@shelter.example`;
        return [
          { displayName: 'Anna de Vries', email, roles: ['CASE_WORKER'] },
          { displayName: 'Anna de Vries', email, roles: ['ANALYST'] },
        ];
      },
    },
  };

  it.each(Object.keys(CREATIONS))('%s: a retry acts once and answers the first answer; other input is a CONFLICT', async (name) => {
    const creation = CREATIONS[name];
    const mutation = `mutation($input: ${creation.inputType}!) { ${name}(input: $input) { ${creation.payload} { id } } }`;
    const [input, other] = await creation.inputs();
    const key = `retry-${randomUUID()}`;
    const caller = creation.caller();
    const rows = async () =>
      Number(
        (await t.dataSource.query(`SELECT count(*) FROM ${creation.table} WHERE ${creation.writer} = $1`, [caller.organisationId]))[0]
          .count,
      );
    const send = (body: Record<string, unknown>) => t.gql(caller.token, mutation, { input: { ...body, idempotencyKey: key } });

    const before = await rows();
    // Three tries at the same moment (a client that retried before the first answer came), then one later.
    const [first, ...retries] = [...(await Promise.all([send(input), send(input), send(input)])), await send(input)];
    expect(first.errorCodes).toEqual([]);
    const id = first.data[name][creation.payload].id;
    for (const retry of retries) expect(retry.data[name]?.[creation.payload]).toEqual({ id });
    expect(await rows()).toBe(before + 1);

    const reused = await send(other);
    expect(reused.errorCodes).toEqual(['CONFLICT']);
    expect(reused.body.errors![0].message).toMatch(/already used with other input/);
    expect(await rows()).toBe(before + 1);
  });

  it('answers the same for the same input whatever order its fields came in, and keeps no input in the key', async () => {
    const key = `order-${randomUUID()}`;
    const { identity, ...rest } = subjectInput('Szabó');
    const mutation = 'mutation($input: RegisterSubjectInput!) { registerSubject(input: $input) { subject { id } } }';
    const first = await t.gql(n.nlWorker.token, mutation, { input: { idempotencyKey: key, identity, ...rest } });
    const again = await t.gql(n.nlWorker.token, mutation, { input: { ...rest, identity, idempotencyKey: key } });
    expect(again.data.registerSubject?.subject.id).toBe(first.data.registerSubject?.subject.id);
    const [row] = await t.dataSource.query('SELECT * FROM idempotency_keys WHERE key = $1', [key]);
    expect(row).toMatchObject({ operation: 'registerSubject', record_id: first.data.registerSubject?.subject.id });
    expect(row.input_fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toMatch(/Szabó|Szilvia|insulin/);
  });

  it('keeps one organisation’s keys apart from another’s, and refuses a key used for another operation', async () => {
    const key = `shared-${randomUUID()}`;
    const mutation = 'mutation($input: RegisterSubjectInput!) { registerSubject(input: $input) { subject { id } } }';
    const nl = await t.gql(n.nlWorker.token, mutation, { input: { ...subjectInput('Kiss'), idempotencyKey: key } });
    const bg = await t.gql(n.bgWorker.token, mutation, { input: { ...subjectInput('Kiss'), idempotencyKey: key } });
    expect(bg.data.registerSubject?.subject.id).not.toBe(nl.data.registerSubject?.subject.id);
    const subjectId = nl.data.registerSubject?.subject.id;
    const consent = await t.gql(
      n.nlWorker.token,
      'mutation($input: RecordConsentInput!) { recordConsent(input: $input) { consent { id } } }',
      {
        input: { ...consentInput(subjectId, 'Form 3'), idempotencyKey: key },
      },
    );
    expect(consent.errorCodes).toEqual(['CONFLICT']);
    expect(await t.dataSource.query('SELECT id FROM consents WHERE subject_id = $1', [subjectId])).toEqual([]);
    expect(await recordConsent(t, n.nlWorker, subjectId, { recipientOrganisationIds: [n.hu.organisationId] })).toBeTruthy();
  });
});
