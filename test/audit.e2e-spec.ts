import { randomUUID } from 'node:crypto';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { AuditService } from '../src/audit/audit.service.js';
import { WebhookDispatcher } from '../src/webhooks/webhook-dispatcher.js';
import type { Progress } from '../src/common/progress.js';
import {
  consentTerms,
  createDraft,
  draftInput,
  MOVE,
  network,
  recordConsent,
  registerSubject,
  subjectInput,
  submittedReferral,
} from './support/referral-fixtures.js';
import { Party, TestApp, unique } from './support/test-app.js';
import { eventsSettled } from './support/partner-events.js';

const VERIFY = `{ verifyAuditChain { valid eventsChecked firstBrokenLink { organisationId sequence eventId problem }
  brokenLinks { organisationId sequence eventId problem } brokenLinkCount } }`;
const CREATE_ORGANISATION = `mutation($name: String!, $email: String!) { createOrganisation(input: { name: $name, country: "RO", kind: NGO,
  firstAdmin: { displayName: "Audited admin", email: $email } }) { organisation { id } } }`;
const EVENTS = '{ auditEvents(first: 100) { edges { node { id action entity entityId actorMemberId organisationId sequence } } } }';

describe('the audit log', () => {
  let t: TestApp;
  let admin: Party;
  let partner: Party;

  beforeAll(async () => {
    // Webhook endpoints on this machine's loopback, for the webhook mutations' audit events.
    t = await TestApp.start({
      RAVOT_WEBHOOK_ALLOW_HTTP: 'true',
      RAVOT_WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1/32',
      RAVOT_WEBHOOK_INTERVAL_MS: '0',
    });
    admin = await t.networkAdmin();
    partner = await t.organisation(admin);
  });
  afterAll(() => t.close());

  const eventsOf = async (organisationId: string) =>
    t.dataSource.query('SELECT * FROM audit_events WHERE organisation_id = $1 ORDER BY sequence', [organisationId]);

  it('records every mutation with actor, organisation, action and entity, in the same transaction', async () => {
    const before = (await eventsOf(partner.organisationId)).length;
    const added = await t.gql(
      partner.token,
      'mutation { addMember(input: { displayName: "Audited", email: "audited@ngo.example", roles: [ANALYST] }) { member { id } } }',
    );
    const events = await eventsOf(partner.organisationId);
    expect(events).toHaveLength(before + 1);
    expect(events.at(-1)).toMatchObject({
      action: 'member.add',
      entity: 'member',
      entity_id: added.data.addMember?.member.id,
      actor_member_id: partner.memberId,
      organisation_id: partner.organisationId,
    });
  });

  it('records an event for every mutation of the API', async () => {
    const org = await t.organisation(admin);
    const member = await t.member(org, ['CASE_WORKER']);
    const tokenId = (await t.gql(member.token, '{ me { tokens { id } } }')).data.me.tokens[0].id;
    const practiceId = (
      await t.gql(
        org.token,
        `mutation { createPractice(input: { title: "Audited practice", summary: "What worked", body: "Body", language: "en" }) { practice { id } } }`,
      )
    ).data.createPractice?.practice.id;
    const meetingId = (
      await t.gql(
        org.token,
        `mutation { createMeeting(input: { title: "Audited meeting", country: "NL", city: "Utrecht", startsOn: "2030-01-10", endsOn: "2030-01-10" }) { meeting { id } } }`,
      )
    ).data.createMeeting?.meeting.id;
    const REGISTER = `mutation { registerWebhookEndpoint(input: { url: "http://127.0.0.1:9/audit" }) { endpoint { id } } }`;
    const endpointId = (await t.gql(org.token, REGISTER)).data.registerWebhookEndpoint.endpoint.id as string;
    /** A delivery to the endpoint, once publishPractice (called before) has announced the practice to every organisation. */
    const aDelivery = async () => {
      // Fanned out only once the outbox settles: another suite's open transaction on the shared server holds it back.
      await eventsSettled(t);
      await t.app.get(WebhookDispatcher).runOnce();
      const [delivery] = await t.dataSource.query('SELECT id FROM webhook_deliveries WHERE endpoint_id = $1 LIMIT 1', [endpointId]);
      return { id: delivery.id };
    };
    const calls: Record<string, [Party, string, Record<string, unknown> | (() => Promise<Record<string, unknown>>)]> = {
      createOrganisation: [
        admin,
        CREATE_ORGANISATION,
        { name: unique('Audited partner'), email: `${unique('admin').replace(' ', '.')}@audited.example` },
      ],
      updateOrganisation: [
        org,
        `mutation($id: ID!) { updateOrganisation(input: { id: $id, services: [LEGAL] }) { organisation { id } } }`,
        { id: org.organisationId },
      ],
      suspendOrganisation: [
        admin,
        `mutation($id: ID!) { suspendOrganisation(input: { id: $id, reason: "Audit test" }) { organisation { id } } }`,
        { id: org.organisationId },
      ],
      reactivateOrganisation: [
        admin,
        `mutation($id: ID!) { reactivateOrganisation(input: { id: $id }) { organisation { id } } }`,
        { id: org.organisationId },
      ],
      addMember: [
        org,
        `mutation($email: String!) { addMember(input: { displayName: "New one", email: $email, roles: [ANALYST] }) { member { id } } }`,
        { email: `${randomUUID()}@ngo.example` },
      ],
      updateMemberRoles: [
        org,
        `mutation($id: ID!) { updateMemberRoles(input: { memberId: $id, roles: [ANALYST] }) { member { id } } }`,
        { id: member.memberId },
      ],
      issueToken: [org, `mutation($id: ID!) { issueToken(input: { memberId: $id, name: "spare" }) { token } }`, { id: member.memberId }],
      revokeToken: [org, `mutation($id: ID!) { revokeToken(input: { tokenId: $id }) { apiToken { id } } }`, { id: tokenId }],
      issueSignInLink: [
        org,
        `mutation($id: ID!) { issueSignInLink(input: { memberId: $id }) { signInLink { expiresAt } } }`,
        { id: member.memberId },
      ],
      removeMember: [org, `mutation($id: ID!) { removeMember(input: { memberId: $id }) { member { id } } }`, { id: member.memberId }],
      ...(await referralCalls(t)),
      importRegistrationStatistics: [
        admin,
        'mutation($csv: String!) { importRegistrationStatistics(input: { csv: $csv }) { registrationImport { inserted } } }',
        {
          csv:
            'registration_country,year,nationality,nationality_iso2,victims\nLI,2013,Hungary,HU,' +
            (100 + Math.floor(Math.random() * 1000)),
        },
      ],
      createPractice: [
        org,
        `mutation { createPractice(input: { title: "Another practice", summary: "What worked", body: "Body", language: "nl" }) { practice { id } } }`,
        {},
      ],
      updatePractice: [
        org,
        `mutation($id: ID!) { updatePractice(input: { id: $id, title: "Audited, edited" }) { practice { id } } }`,
        { id: practiceId },
      ],
      publishPractice: [org, `mutation($id: ID!) { publishPractice(input: { id: $id }) { practice { id } } }`, { id: practiceId }],
      endorsePractice: [
        partner,
        `mutation($id: ID!) { endorsePractice(input: { practiceId: $id }) { practice { id } } }`,
        { id: practiceId },
      ],
      withdrawEndorsement: [
        partner,
        `mutation($id: ID!) { withdrawEndorsement(input: { practiceId: $id }) { practice { id } } }`,
        { id: practiceId },
      ],
      commentOnPractice: [
        partner,
        `mutation($id: ID!) { commentOnPractice(input: { practiceId: $id, body: "Useful" }) { comment { id } } }`,
        { id: practiceId },
      ],
      archivePractice: [org, `mutation($id: ID!) { archivePractice(input: { id: $id }) { practice { id } } }`, { id: practiceId }],
      createMeeting: [
        org,
        `mutation { createMeeting(input: { title: "Another meeting", country: "HU", city: "Budapest", startsOn: "2030-03-01", endsOn: "2030-03-02" }) { meeting { id } } }`,
        {},
      ],
      updateMeeting: [
        org,
        `mutation($id: ID!) { updateMeeting(input: { id: $id, city: "Amersfoort" }) { meeting { id } } }`,
        { id: meetingId },
      ],
      registerWebhookEndpoint: [org, REGISTER, {}],
      rotateWebhookSecret: [org, `mutation($id: ID!) { rotateWebhookSecret(input: { id: $id }) { secret } }`, { id: endpointId }],
      pauseWebhookEndpoint: [
        org,
        `mutation($id: ID!) { pauseWebhookEndpoint(input: { id: $id }) { endpoint { id } } }`,
        { id: endpointId },
      ],
      resumeWebhookEndpoint: [
        org,
        `mutation($id: ID!) { resumeWebhookEndpoint(input: { id: $id }) { endpoint { id } } }`,
        { id: endpointId },
      ],
      redeliverWebhook: [org, `mutation($id: ID!) { redeliverWebhook(input: { deliveryId: $id }) { delivery { status } } }`, aDelivery],
      deleteWebhookEndpoint: [
        org,
        `mutation($id: ID!) { deleteWebhookEndpoint(input: { id: $id }) { endpoint { id } } }`,
        { id: endpointId },
      ],
    };
    // A new mutation must be added here, or this test fails: nothing ships unaudited.
    const mutations = Object.keys(t.app.get(GraphQLSchemaHost).schema.getMutationType()!.getFields());
    expect(Object.keys(calls).sort()).toEqual(mutations.sort());

    for (const [name, [party, query, variables]] of Object.entries(calls)) {
      const before = await t.dataSource.query('SELECT count(*) FROM audit_events WHERE actor_member_id = $1', [party.memberId]);
      const result = await t.gql(party.token, query, typeof variables === 'function' ? await variables() : variables);
      expect({ name, errors: result.body.errors }).toEqual({ name, errors: undefined });
      const after = await t.dataSource.query('SELECT count(*) FROM audit_events WHERE actor_member_id = $1', [party.memberId]);
      expect({ name, added: Number(after[0].count) > Number(before[0].count) }).toEqual({ name, added: true });
    }
  });

  it('records nothing for a mutation that failed', async () => {
    const before = (await eventsOf(partner.organisationId)).length;
    await t.gql(
      partner.token,
      'mutation { addMember(input: { displayName: "Again", email: "audited@ngo.example", roles: [ANALYST] }) { member { id } } }',
    );
    expect(await eventsOf(partner.organisationId)).toHaveLength(before);
  });

  it("shows an ORG_ADMIN their own organisation's events only, and no one else", async () => {
    const result = await t.gql(partner.token, EVENTS);
    const nodes = result.data.auditEvents.edges.map((edge: any) => edge.node);
    expect(nodes.length).toBeGreaterThan(0);
    expect(new Set(nodes.map((node: any) => node.organisationId))).toEqual(new Set([partner.organisationId]));
    const caseWorker = await t.member(partner, ['CASE_WORKER']);
    expect((await t.gql(caseWorker.token, EVENTS)).errorCodes).toEqual(['FORBIDDEN']);
  });

  it('chains each event to the previous one of its organisation', async () => {
    const events = await eventsOf(partner.organisationId);
    expect(events[0].previous_hash).toBe('0'.repeat(64));
    events.slice(1).forEach((event: any, i: number) => {
      expect(event.previous_hash).toBe(events[i].hash);
      expect(Number(event.sequence)).toBe(i + 2);
    });
  });

  it('tells a watcher of verification how many events it checks, before and after', async () => {
    const heard: Progress[] = [];
    const result = await t.app.get(AuditService).verify(undefined, { onProgress: (progress) => heard.push(progress) });
    expect(heard).toEqual([
      { done: 0, total: result.eventsChecked },
      { done: result.eventsChecked, total: result.eventsChecked },
    ]);
    expect(result.eventsChecked).toBeGreaterThan(0);
  });

  it('refuses UPDATE and DELETE, even to the table owner', async () => {
    await expect(
      t.dataSource.query(`UPDATE audit_events SET action = 'x' WHERE organisation_id = $1`, [partner.organisationId]),
    ).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query(`DELETE FROM audit_events WHERE organisation_id = $1`, [partner.organisationId])).rejects.toThrow(
      /append-only/,
    );
  });

  it('lets only a network admin verify the chains', async () => {
    expect((await t.gql(partner.token, VERIFY)).errorCodes).toEqual(['FORBIDDEN']);
  });

  it('detects rows tampered with by a superuser, and names every broken link of every chain', async () => {
    const intact = await t.gql(admin.token, VERIFY);
    expect(intact.data.verifyAuditChain).toMatchObject({ valid: true, firstBrokenLink: null, brokenLinks: [], brokenLinkCount: 0 });
    expect(intact.data.verifyAuditChain.eventsChecked).toBeGreaterThan(0);

    const third = await t.organisation(admin);
    await t.member(third, ['CASE_WORKER']);
    const [first, , last] = await eventsOf(partner.organisationId);
    const [elsewhere] = await eventsOf(third.organisationId);
    const victims = [first, last, elsewhere].filter(Boolean);
    expect(victims).toHaveLength(3);
    const tamper = (victim: { id: string }, action: string) =>
      t.dataSource.transaction(async (manager) => {
        // A superuser can switch the append-only trigger off; the hash chain still tells.
        await manager.query(`SET LOCAL session_replication_role = replica`);
        await manager.query(`UPDATE audit_events SET action = $1 WHERE id = $2`, [action, victim.id]);
      });
    for (const victim of victims) await tamper(victim, 'organisation.nothing_happened');
    try {
      const broken = (await t.gql(admin.token, VERIFY)).data.verifyAuditChain;
      const link = (victim: { id: string; sequence: string | number }, organisationId: string) => ({
        organisationId,
        sequence: String(victim.sequence),
        eventId: victim.id,
        problem: 'HASH_MISMATCH',
      });
      expect(broken).toMatchObject({ valid: false, brokenLinkCount: 3, firstBrokenLink: link(first, partner.organisationId) });
      // Oldest first: the third organisation was created after the partner's events.
      expect(broken.brokenLinks).toEqual([
        link(first, partner.organisationId),
        link(last, partner.organisationId),
        link(elsewhere, third.organisationId),
      ]);
    } finally {
      for (const victim of victims) await tamper(victim, victim.action);
    }
    expect((await t.gql(admin.token, VERIFY)).data.verifyAuditChain).toMatchObject({ valid: true, brokenLinks: [] });
  });

  it('detects a deleted event as a missing link', async () => {
    const other = await t.organisation(admin);
    await t.member(other, ['CASE_WORKER']);
    const events = await eventsOf(other.organisationId);
    // Kept as JSON, which holds the timestamp to the microsecond, so the row can be put back exactly.
    const [{ row: removed }] = await t.dataSource.query('SELECT to_json(e) AS row FROM audit_events e WHERE id = $1', [events[1].id]);
    await t.dataSource.transaction(async (manager) => {
      await manager.query(`SET LOCAL session_replication_role = replica`);
      await manager.query(`DELETE FROM audit_events WHERE id = $1`, [removed.id]);
    });
    try {
      const result = await t.gql(admin.token, VERIFY);
      expect(result.data.verifyAuditChain.firstBrokenLink).toMatchObject({ eventId: events[2].id, problem: 'MISSING_EVENT' });
    } finally {
      await t.dataSource.query('INSERT INTO audit_events SELECT * FROM json_populate_record(null::audit_events, $1)', [removed]);
    }
    expect((await t.gql(admin.token, VERIFY)).data.verifyAuditChain.valid).toBe(true);
  });
});

/** One call of each referral mutation, in an order in which each is allowed. */
async function referralCalls(t: TestApp): Promise<Record<string, [Party, string, Record<string, unknown>]>> {
  const n = await network(t);
  const subjectId = await registerSubject(t, n.nlWorker);
  const consentId = await recordConsent(t, n.nlWorker, subjectId, { recipientOrganisationIds: [n.hu.organisationId] });
  const draft = await createDraft(t, n.nlWorker, draftInput(subjectId, consentId, n.hu.organisationId));
  const toCancel = await createDraft(t, n.nlWorker, draftInput(subjectId, consentId, n.hu.organisationId));
  const toDecline = await submittedReferral(t, n);
  const toWithdraw = await submittedReferral(t, n);
  const toFollow = await submittedReferral(t, n);
  await t.gql(n.huWorker.token, MOVE('acceptReferral', 'AcceptReferralInput'), {
    input: { referralId: toFollow.referralId, expectedVersion: toFollow.version },
  });
  await t.gql(n.huWorker.token, MOVE('recordArrival', 'RecordArrivalInput'), {
    input: { referralId: toFollow.referralId, expectedVersion: toFollow.version + 1, arrivedOn: new Date().toISOString().slice(0, 10) },
  });
  const [firstFollowUp, secondFollowUp] = (
    await t.gql(n.huWorker.token, 'query($id: ID!) { referral(id: $id) { followUps { id } } }', { id: toFollow.referralId })
  ).data.referral.followUps;
  const followUpReport = {
    economicScore: 3,
    socialScore: 3,
    psychosocialScore: 3,
    safetyLevel: 'LOW',
    narrative: 'Settled',
    reintegrationPlan: 'Plan',
  };
  const move = (id: string, expectedVersion: number, extra: Record<string, unknown> = {}) => ({
    input: { referralId: id, expectedVersion, ...extra },
  });
  const { subjectId: _subject, consentId: _consent, ...referralOnly } = draftInput('', '', n.hu.organisationId);
  return {
    registerSubject: [
      n.nlWorker,
      'mutation { registerSubject(input: { nationality: "RO", countryOfReturn: "RO", identity: { givenNames: "Ion", familyName: "Audited", gender: MALE } }) { subject { id } } }',
      {},
    ],
    registerAndRefer: [
      n.nlWorker,
      'mutation($input: RegisterAndReferInput!) { registerAndRefer(input: $input) { referral { id } } }',
      {
        input: {
          subject: subjectInput('Audited'),
          consent: consentTerms([n.hu.organisationId]),
          referral: referralOnly,
        },
      },
    ],
    updateSubject: [
      n.nlWorker,
      'mutation($id: ID!) { updateSubject(input: { subjectId: $id, health: { notes: "Updated" } }) { subject { id } } }',
      { id: subjectId },
    ],
    recordConsent: [
      n.nlWorker,
      `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { consent { id } } }`,
      {
        input: {
          subjectId,
          recipientOrganisationIds: [n.hu.organisationId],
          purposes: ['RETURN_ASSISTANCE'],
          categories: ['IDENTITY'],
          givenAt: new Date().toISOString(),
          language: 'hu',
          interpreterPresent: false,
          formReference: 'F-2',
        },
      },
    ],
    createReferral: [
      n.nlWorker,
      'mutation($input: CreateReferralInput!) { createReferral(input: $input) { referral { id } } }',
      { input: draftInput(subjectId, consentId, n.hu.organisationId) },
    ],
    updateReferralDraft: [
      n.nlWorker,
      'mutation($input: UpdateReferralDraftInput!) { updateReferralDraft(input: $input) { referral { id } } }',
      move(draft.id, 1, { needs: [] }),
    ],
    submitReferral: [n.nlWorker, MOVE('submitReferral', 'SubmitReferralInput'), move(draft.id, 2)],
    acceptReferral: [n.huWorker, MOVE('acceptReferral', 'AcceptReferralInput'), move(draft.id, 3)],
    recordArrival: [n.huWorker, MOVE('recordArrival', 'RecordArrivalInput'), move(draft.id, 4, { arrivedOn: '2026-01-15' })],
    closeReferral: [n.huWorker, MOVE('closeReferral', 'CloseReferralInput'), move(draft.id, 5, { reason: 'Moved abroad' })],
    declineReferral: [
      n.huWorker,
      MOVE('declineReferral', 'DeclineReferralInput'),
      move(toDecline.referralId, toDecline.version, { reason: 'No capacity' }),
    ],
    cancelReferral: [n.nlWorker, MOVE('cancelReferral', 'CancelReferralInput'), move(toCancel.id, 1, { reason: 'Plans changed' })],
    sendReferralMessage: [
      n.huWorker,
      'mutation($input: SendReferralMessageInput!) { sendReferralMessage(input: $input) { message { id } } }',
      { input: { referralId: toWithdraw.referralId, body: 'Received' } },
    ],
    withdrawConsent: [
      n.nlWorker,
      'mutation($id: ID!) { withdrawConsent(input: { consentId: $id, reason: "Changed her mind" }) { consent { id } } }',
      { id: toWithdraw.consentId },
    ],
    submitFollowUp: [
      n.huWorker,
      'mutation($input: SubmitFollowUpInput!) { submitFollowUp(input: $input) { followUp { id } } }',
      { input: { followUpId: firstFollowUp.id, report: followUpReport } },
    ],
    correctFollowUpReport: [
      n.huWorker,
      'mutation($input: CorrectFollowUpReportInput!) { correctFollowUpReport(input: $input) { followUp { id } } }',
      { input: { followUpId: firstFollowUp.id, report: { ...followUpReport, narrative: 'Settled, corrected' } } },
    ],
    moveFollowUp: [
      n.huWorker,
      'mutation($input: MoveFollowUpInput!) { moveFollowUp(input: $input) { followUp { id } } }',
      { input: { followUpId: secondFollowUp.id, dueOn: '2030-01-01', reason: 'Hospital stay' } },
    ],
    addFollowUp: [
      n.huWorker,
      'mutation($input: AddFollowUpInput!) { addFollowUp(input: $input) { followUp { id } } }',
      { input: { referralId: toFollow.referralId, dueOn: '2030-06-01', reason: 'Court hearing' } },
    ],
    eraseSubject: [
      n.nlWorker,
      'mutation($id: ID!) { eraseSubject(input: { subjectId: $id, reason: "Her request" }) { subject { id } } }',
      { id: toWithdraw.subjectId },
    ],
  };
}
