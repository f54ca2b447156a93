import {
  createDraft,
  draftInput,
  MOVE,
  network,
  Network,
  recordConsent,
  REFERRAL_FIELDS,
  registerSubject,
} from './support/referral-fixtures.js';
import { TestApp } from './support/test-app.js';

const REFERRAL = `query($id: ID!) { referral(id: $id) { ${REFERRAL_FIELDS} } }`;

describe('a return referral from a Dutch shelter to a Hungarian NGO', () => {
  let t: TestApp;
  let n: Network;

  beforeAll(async () => {
    t = await TestApp.start();
    n = await network(t);
  });
  afterAll(() => t.close());

  it('goes from registration to the person’s return, each side seeing what it may', async () => {
    const subjectId = await registerSubject(t, n.nlWorker);
    const consentId = await recordConsent(t, n.nlWorker, subjectId, { recipientOrganisationIds: [n.hu.organisationId] });
    const draft = await createDraft(t, n.nlWorker, draftInput(subjectId, consentId, n.hu.organisationId));

    // The draft is the sender's alone.
    const ownDraft = await t.gql(n.nlWorker.token, REFERRAL, { id: draft.id });
    expect(ownDraft.data.referral).toMatchObject({ status: 'DRAFT', version: 1, senderCountry: 'NL', receiverCountry: 'HU' });
    expect(ownDraft.data.referral.reference).toMatch(/^NL-\d{4}-\d{6}$/);
    expect((await t.gql(n.huWorker.token, REFERRAL, { id: draft.id })).errorCodes).toEqual(['NOT_FOUND']);

    const submit = await t.gql(n.nlWorker.token, MOVE('submitReferral', 'SubmitReferralInput'), {
      input: { referralId: draft.id, expectedVersion: 1 },
    });
    expect(submit.data.submitReferral?.referral).toMatchObject({ status: 'SUBMITTED', version: 2 });

    const inbox = await t.gql(n.huWorker.token, '{ referrals(box: INBOX) { edges { node { id status } } } }');
    expect(inbox.data.referrals.edges.map((edge: any) => edge.node)).toEqual([{ id: draft.id, status: 'SUBMITTED' }]);

    const seen = (await t.gql(n.huWorker.token, REFERRAL, { id: draft.id })).data.referral;
    expect(seen.subject.identity).toMatchObject({ givenNames: 'Szilvia', familyName: 'Kovács', dateOfBirth: '1994-07-12' });
    expect(seen.subject.contact).toEqual({ phone: '+36 30 123 4567' });
    expect(seen.subject.health).toBeNull();
    expect(seen.subject.redactions).toEqual([{ field: 'health', reason: 'NOT_COVERED' }]);
    expect(seen.needs).toEqual([{ serviceType: 'SHELTER', priority: 'HIGH', note: 'Safe housing away from the home village' }]);
    expect(seen.caseHistory.exploitationTypes).toEqual(['LABOUR']);
    expect(seen.returnPlan.reception).toEqual({ place: 'Budapest airport, terminal 2', metBy: 'NGO social worker' });
    expect(seen.riskAssessment).toEqual({ level: 'HIGH', indicators: ['THREATS_AGAINST_FAMILY', 'DEBT'], legalBasis: 'VITAL_INTEREST' });
    expect(seen.redactions).toEqual([]);
    expect(seen.consent).toMatchObject({ status: 'ACTIVE', categories: ['IDENTITY', 'CONTACT', 'NEEDS', 'CASE_HISTORY'] });

    const accepted = await t.gql(n.huWorker.token, MOVE('acceptReferral', 'AcceptReferralInput'), {
      input: { referralId: draft.id, expectedVersion: 2 },
    });
    expect(accepted.data.acceptReferral?.referral).toMatchObject({ status: 'ACCEPTED', version: 3 });
    const arrived = await t.gql(n.huWorker.token, MOVE('recordArrival', 'RecordArrivalInput'), {
      input: { referralId: draft.id, expectedVersion: 3, arrivedOn: new Date().toISOString().slice(0, 10) },
    });
    expect(arrived.data.recordArrival?.referral).toMatchObject({ status: 'RETURNED', version: 4 });

    const history = (await t.gql(n.nlWorker.token, REFERRAL, { id: draft.id })).data.referral.events;
    expect(history.map((event: any) => event.type)).toEqual(['CREATED', 'SUBMITTED', 'ACCEPTED', 'RETURNED']);
    expect(history.at(-1)).toMatchObject({ fromStatus: 'ACCEPTED', toStatus: 'RETURNED', actorOrganisationId: n.hu.organisationId });
  });

  it('shares the owner everything, the health notes included', async () => {
    const subjectId = await registerSubject(t, n.nlWorker);
    const result = await t.gql(
      n.nlWorker.token,
      'query($id: ID!) { subject(id: $id) { identity { familyName } health { notes } redactions { field } } }',
      { id: subjectId },
    );
    expect(result.data.subject).toEqual({
      identity: { familyName: 'Kovács' },
      health: { notes: 'Diabetes type 1, needs insulin' },
      redactions: [],
    });
  });

  it('logs every read of personal data for the owner: who, on what basis, which kinds, through which referral', async () => {
    const subjectId = await registerSubject(t, n.nlWorker);
    const consentId = await recordConsent(t, n.nlWorker, subjectId, { recipientOrganisationIds: [n.hu.organisationId] });
    const draft = await createDraft(t, n.nlWorker, draftInput(subjectId, consentId, n.hu.organisationId));
    await t.gql(n.nlWorker.token, MOVE('submitReferral', 'SubmitReferralInput'), { input: { referralId: draft.id, expectedVersion: 1 } });
    await t.gql(
      n.huWorker.token,
      'query($id: ID!) { referral(id: $id) { subject { identity { familyName } } riskAssessment { level } } }',
      { id: draft.id },
    );

    const log = await t.gql(
      n.nlWorker.token,
      'query($id: ID!) { subjectAccessLog(subjectId: $id) { edges { node { readerOrganisationId readerMemberId referralId kinds legalBasis } } } }',
      {
        id: subjectId,
      },
    );
    const reads = log.data.subjectAccessLog.edges.map((edge: any) => edge.node);
    expect(reads).toEqual(
      expect.arrayContaining([
        {
          readerOrganisationId: n.hu.organisationId,
          readerMemberId: n.huWorker.memberId,
          referralId: draft.id,
          kinds: ['IDENTITY'],
          legalBasis: 'CONSENT',
        },
        {
          readerOrganisationId: n.hu.organisationId,
          readerMemberId: n.huWorker.memberId,
          referralId: draft.id,
          kinds: ['RISK_ASSESSMENT'],
          legalBasis: 'VITAL_INTEREST',
        },
      ]),
    );
    expect(
      (await t.gql(n.huWorker.token, 'query($id: ID!) { subjectAccessLog(subjectId: $id) { edges { node { id } } } }', { id: subjectId }))
        .errorCodes,
    ).toEqual(['NOT_FOUND']);
  });

  it('carries a thread of messages between the two organisations', async () => {
    const subjectId = await registerSubject(t, n.nlWorker);
    const consentId = await recordConsent(t, n.nlWorker, subjectId, { recipientOrganisationIds: [n.hu.organisationId] });
    const draft = await createDraft(t, n.nlWorker, draftInput(subjectId, consentId, n.hu.organisationId));
    await t.gql(n.nlWorker.token, MOVE('submitReferral', 'SubmitReferralInput'), { input: { referralId: draft.id, expectedVersion: 1 } });
    const send = 'mutation($input: SendReferralMessageInput!) { sendReferralMessage(input: $input) { message { id body } } }';
    await t.gql(n.nlWorker.token, send, { input: { referralId: draft.id, body: 'She prefers to be met by a woman.' } });
    await t.gql(n.huWorker.token, send, { input: { referralId: draft.id, body: 'Noted: Eszter will meet her.' } });
    const thread = await t.gql(
      n.huWorker.token,
      'query($id: ID!) { referral(id: $id) { messages { body bodyRedaction authorOrganisationId } } }',
      { id: draft.id },
    );
    expect(thread.data.referral.messages).toEqual([
      { body: 'She prefers to be met by a woman.', bodyRedaction: null, authorOrganisationId: n.nl.organisationId },
      { body: 'Noted: Eszter will meet her.', bodyRedaction: null, authorOrganisationId: n.hu.organisationId },
    ]);
  });

  it('pages the outbox newest first and filters it by status', async () => {
    const outbox = (variables: Record<string, unknown>) =>
      t.gql(
        n.nlWorker.token,
        'query($status: ReferralStatus, $first: Int, $after: String) { referrals(box: OUTBOX, status: $status, first: $first, after: $after) { edges { node { id status } } pageInfo { hasNextPage endCursor } } }',
        variables,
      );
    const all = (await outbox({ first: 100 })).data.referrals.edges.map((edge: any) => edge.node.id);
    expect(all.length).toBeGreaterThanOrEqual(3);
    const first = (await outbox({ first: 2 })).data.referrals;
    const second = (await outbox({ first: 100, after: first.pageInfo.endCursor })).data.referrals;
    expect([...first.edges, ...second.edges].map((edge: any) => edge.node.id)).toEqual(all);
    const drafts = (await outbox({ status: 'DRAFT', first: 100 })).data.referrals.edges;
    expect(drafts.every((edge: any) => edge.node.status === 'DRAFT')).toBe(true);
  });

  it('pages the registered people newest first, across a cursor', async () => {
    const subjects = (args: string) =>
      t.gql(n.nlWorker.token, `{ subjects(${args}) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`);
    const ids = (page: any) => page.edges.map((edge: any) => edge.node.id);
    const all = ids((await subjects('first: 100')).data.subjects);
    expect(all.length).toBeGreaterThanOrEqual(2);
    const first = (await subjects('first: 1')).data.subjects;
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = (await subjects(`first: 100, after: "${first.pageInfo.endCursor}"`)).data.subjects;
    expect([...ids(first), ...ids(rest)]).toEqual(all);
  });

  it("filters a box by the other side's country and by the time of the last change", async () => {
    const ids = async (token: string, args: string) =>
      (await t.gql(token, `{ referrals(${args}, first: 100) { edges { node { id } } } }`)).data.referrals.edges.map(
        (edge: any) => edge.node.id,
      );
    const outbox = await ids(n.nlWorker.token, 'box: OUTBOX');
    const inbox = await ids(n.huWorker.token, 'box: INBOX');
    expect(inbox.length).toBeGreaterThan(0);
    expect(await ids(n.nlWorker.token, 'box: OUTBOX, country: "HU"')).toEqual(outbox);
    expect(await ids(n.nlWorker.token, 'box: OUTBOX, country: "BG"')).toEqual([]);
    expect(await ids(n.huWorker.token, 'box: INBOX, country: "NL"')).toEqual(inbox);
    expect(await ids(n.huWorker.token, 'box: INBOX, country: "HU"')).toEqual([]);
    expect(await ids(n.nlWorker.token, 'box: OUTBOX, updatedSince: "2000-01-01T00:00:00Z"')).toEqual(outbox);
    expect(await ids(n.nlWorker.token, `box: OUTBOX, updatedSince: "${new Date(Date.now() + 86_400_000).toISOString()}"`)).toEqual([]);
  });
});
