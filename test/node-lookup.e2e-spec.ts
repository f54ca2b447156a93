import { randomUUID } from 'node:crypto';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { isInterfaceType, isObjectType } from 'graphql';
import { Role } from '../src/auth/role.js';
import { STATEMENT_COUNT_HEADER } from '../src/database/statement-counter.js';
import { eventsSettled, MESSAGE } from './support/partner-events.js';
import { FOLLOW_UP_REPORT, inDays, PartyOrganisation, partyOrganisation, today } from './support/party-records.js';
import { createDraft, draftInput, MOVE, recordConsent, REFERRAL_FIELDS, registerSubject } from './support/referral-fixtures.js';
import { TestApp, unique } from './support/test-app.js';

/**
 * Global object identification: node(id) and nodes(ids) answer exactly as each type's own query or field answers
 * the same caller (row-level security, consent, roles), and null for whatever that caller may not see, exactly as
 * for an id that exists nowhere.
 */

/** How a type is reached without node: a query, its variables and where the object is in the answer. */
interface Reach {
  query: string;
  variables: Record<string, unknown>;
  pick: (data: any) => unknown;
}

interface TypeCase {
  type: string;
  id: string;
  /** A token of the organisation that owns the object, with the role its own query asks for. */
  owner: string;
  fields: string;
  /** The type's own query or field, for the owner; `F` is a fragment on the type with `fields`. */
  reach: Reach;
  /** Published to the whole network: every organisation sees it. */
  networkWide?: boolean;
}

const nodeQuery = (type: string, fields: string) => `query($id: ID!) { node(id: $id) { __typename ... on ${type} { ${fields} } } }`;
const withFragment = (type: string, fields: string, query: string) => `${query} fragment F on ${type} { ${fields} }`;
const byId = (id: string) => (objects: { id: string }[]) => objects.find((object) => object.id === id);

describe('node(id) and nodes(ids)', () => {
  let t: TestApp;
  let nl: PartyOrganisation;
  let hu: PartyOrganisation;
  let bg: PartyOrganisation;
  const cases: TypeCase[] = [];
  let referralId: string;
  let subjectId: string;
  let founderTokenId: string;

  async function call(token: string, query: string, variables: Record<string, unknown> = {}) {
    const result = await t.gql(token, query, variables);
    if (result.errorCodes.length > 0) throw new Error(`Setting up failed: ${JSON.stringify(result.body.errors)}`);
    return result.data;
  }

  /** A GraphQL request with the number of SQL statements the service ran for it. */
  async function counted(token: string, query: string, variables: Record<string, unknown>) {
    const response = await t.http
      .post('/graphql')
      .set('content-type', 'application/json')
      .set('authorization', `Bearer ${token}`)
      .send({ query, variables });
    return { body: response.body, status: response.status, statements: Number(response.headers[STATEMENT_COUNT_HEADER]) };
  }

  beforeAll(async () => {
    t = await TestApp.start({
      RAVOT_COUNT_SQL: 'true',
      RATE_LIMIT_PER_MINUTE: '100000',
      RAVOT_WEBHOOK_ALLOW_HTTP: 'true',
      RAVOT_WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1/32',
    });
    [nl, hu, bg] = [await partyOrganisation(t, 'NL'), await partyOrganisation(t, 'HU'), await partyOrganisation(t, 'BG')];
    const sender = nl.as.CASE_WORKER.token;
    const receiver = hu.as.CASE_WORKER.token;

    // A referral from nl to hu, returned, with a message, a reported follow-up and the receiver's reading logged.
    subjectId = await registerSubject(t, nl.as.CASE_WORKER);
    const consentId = await recordConsent(t, nl.as.CASE_WORKER, subjectId, {
      recipientOrganisationIds: [hu.organisationId],
      purposes: ['RETURN_ASSISTANCE', 'REINTEGRATION_SUPPORT', 'FOLLOW_UP_REPORTING'],
    });
    const draft = await createDraft(t, nl.as.CASE_WORKER, draftInput(subjectId, consentId, hu.organisationId));
    referralId = draft.id;
    await call(sender, MOVE('submitReferral', 'SubmitReferralInput'), { input: { referralId, expectedVersion: draft.version } });
    await call(receiver, MOVE('acceptReferral', 'AcceptReferralInput'), { input: { referralId, expectedVersion: draft.version + 1 } });
    await call(receiver, MOVE('recordArrival', 'RecordArrivalInput'), {
      input: { referralId, expectedVersion: draft.version + 2, arrivedOn: today() },
    });
    const message = await call(sender, MESSAGE, { input: { referralId, body: 'The flight lands at 14:05.' } });
    const messageId = message.sendReferralMessage.message.id;
    const read = await call(receiver, `query($id: ID!) { referral(id: $id) { followUps { id } events { id } subject { id } } }`, {
      id: referralId,
    });
    const followUpId = read.referral.followUps[0].id;
    const eventId = read.referral.events[0].id;
    const reported = await call(
      receiver,
      'mutation($input: SubmitFollowUpInput!) { submitFollowUp(input: $input) { followUp { report { id } } } }',
      { input: { followUpId, report: FOLLOW_UP_REPORT } },
    );
    const reportId = reported.submitFollowUp.followUp.report.id;

    // A practice with an earlier text and a comment, archived at the end: its author's alone from then on.
    const editor = nl.as.PRACTICE_EDITOR.token;
    const created = await call(editor, 'mutation($input: CreatePracticeInput!) { createPractice(input: $input) { practice { id } } }', {
      input: {
        title: 'Agree on reception at arrival',
        summary: 'Who meets the person, confirmed.',
        body: 'We asked first.',
        language: 'en',
      },
    });
    const practiceId = created.createPractice.practice.id;
    await call(editor, 'mutation($id: ID!) { publishPractice(input: { id: $id }) { __typename } }', { id: practiceId });
    await call(editor, 'mutation($id: ID!) { updatePractice(input: { id: $id, body: "We ask first, in writing." }) { __typename } }', {
      id: practiceId,
    });
    const comment = await call(
      hu.as.PRACTICE_EDITOR.token,
      'mutation($id: ID!) { commentOnPractice(input: { practiceId: $id, body: "We do the same." }) { comment { id } } }',
      { id: practiceId },
    );
    const commentId = comment.commentOnPractice.comment.id;
    const revisions = await call(editor, 'query($id: ID!) { practice(id: $id) { revisions { id } } }', { id: practiceId });
    const revisionId = revisions.practice.revisions[0].id;
    await call(editor, 'mutation($id: ID!) { archivePractice(input: { id: $id }) { __typename } }', { id: practiceId });

    const meeting = await call(editor, 'mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { meeting { id } } }', {
      input: { title: unique('Expert meeting'), country: 'NL', city: 'Utrecht', startsOn: inDays(30), endsOn: inDays(31) },
    });
    const meetingId = meeting.createMeeting.meeting.id;

    const admin = nl.founder.token;
    const endpoint = await call(
      admin,
      'mutation($input: RegisterWebhookEndpointInput!) { registerWebhookEndpoint(input: $input) { endpoint { id } } }',
      { input: { url: 'http://127.0.0.1:9/hooks', description: 'Case system' } },
    );
    const endpointId = endpoint.registerWebhookEndpoint.endpoint.id;
    // A delivery as the dispatcher makes it (running the dispatcher here would take other suites' deliveries).
    const [{ id: deliveryId }] = await t.dataSource.query(
      `INSERT INTO webhook_deliveries (organisation_id, endpoint_id, event_id, event_type, event_position, status, attempts, created_at)
       VALUES ($1, $2, gen_random_uuid(), 'PRACTICE_PUBLISHED', 0, 'FAILED', 8, now()) RETURNING id`,
      [nl.organisationId, endpointId],
    );

    const me = await call(sender, '{ me { id tokens { id } } }');
    const founder = await call(admin, '{ me { tokens { id } } }');
    founderTokenId = founder.me.tokens[0].id;
    const audit = await call(admin, '{ auditEvents(first: 1) { edges { node { id } } } }');
    const access = await call(sender, 'query($id: ID!) { subjectAccessLog(subjectId: $id, first: 1) { edges { node { id } } } }', {
      id: subjectId,
    });
    const accessEventId = access.subjectAccessLog.edges[0].node.id;
    const auditEventId = audit.auditEvents.edges[0].node.id;
    await eventsSettled(t);
    // A referral's event, heard by its two parties only: another suite's practice published at the same time (on a
    // shared database) is heard by every organisation, this suite's foreign one included.
    const feed = await call(sender, '{ events(first: 1, types: [REFERRAL_RECEIVED]) { edges { node { id } } } }');

    const ofReferral = (field: string, pick: (referral: any) => unknown): Reach => ({
      query: `query($id: ID!) { referral(id: $id) { ${field} } }`,
      variables: { id: referralId },
      pick: (data) => pick(data.referral),
    });
    cases.push(
      {
        type: 'Referral',
        id: referralId,
        owner: sender,
        fields: REFERRAL_FIELDS,
        reach: { query: 'query($id: ID!) { referral(id: $id) { ...F } }', variables: { id: referralId }, pick: (data) => data.referral },
      },
      {
        type: 'ReferralEvent',
        id: eventId,
        owner: sender,
        fields: 'id type fromStatus toStatus note reason reasonRedaction occurredAt',
        reach: ofReferral('events { ...F }', (referral) => byId(eventId)(referral.events)),
      },
      {
        type: 'ReferralMessage',
        id: messageId,
        owner: sender,
        fields: 'id authorOrganisationId body bodyRedaction createdAt',
        reach: ofReferral('messages { ...F }', (referral) => byId(messageId)(referral.messages)),
      },
      {
        type: 'FollowUp',
        id: followUpId,
        owner: receiver,
        fields: 'id sequence dueOn status closureReason report { id version content { economicScore narrative } } referral { id status }',
        reach: ofReferral('followUps { ...F }', (referral) => byId(followUpId)(referral.followUps)),
      },
      {
        type: 'FollowUpReport',
        id: reportId,
        owner: receiver,
        fields: 'id version submittedAt content { economicScore socialScore narrative reintegrationPlan } contentRedaction',
        reach: ofReferral('followUps { reportHistory { ...F } }', (referral) => byId(reportId)(referral.followUps[0].reportHistory)),
      },
      {
        type: 'Subject',
        id: subjectId,
        owner: sender,
        fields:
          'id pseudonym identity { givenNames familyName } contact { phone } health { notes } redactions { field reason } consents { id }',
        reach: { query: 'query($id: ID!) { subject(id: $id) { ...F } }', variables: { id: subjectId }, pick: (data) => data.subject },
      },
      {
        type: 'Consent',
        id: consentId,
        owner: sender,
        fields: 'id status purposes categories formReference withdrawalReason recipientOrganisationIds',
        reach: {
          query: 'query($id: ID!) { subject(id: $id) { consents { ...F } } }',
          variables: { id: subjectId },
          pick: (data) => data.subject.consents[0],
        },
      },
      {
        type: 'SubjectAccessEvent',
        id: accessEventId,
        owner: sender,
        fields: 'id kinds legalBasis readerOrganisationId referralId',
        reach: {
          // Newest first, and every read through node adds to it: find the one asked for.
          query: 'query($id: ID!) { subjectAccessLog(subjectId: $id, first: 100) { edges { node { ...F } } } }',
          variables: { id: subjectId },
          pick: (data) => byId(accessEventId)(data.subjectAccessLog.edges.map((edge: { node: { id: string } }) => edge.node)),
        },
      },
      {
        type: 'Organisation',
        id: hu.organisationId,
        owner: sender,
        networkWide: true,
        fields: 'id name country kind active',
        reach: {
          query: 'query($id: ID!) { organisation(id: $id) { ...F } }',
          variables: { id: hu.organisationId },
          pick: (data) => data.organisation,
        },
      },
      {
        type: 'Member',
        id: me.me.id,
        owner: sender,
        fields: 'id displayName roles organisation { id } tokens { id }',
        reach: { query: '{ me { ...F } }', variables: {}, pick: (data) => data.me },
      },
      {
        type: 'ApiToken',
        id: me.me.tokens[0].id,
        owner: sender,
        fields: 'id name prefix memberId revokedAt',
        reach: { query: '{ me { tokens { ...F } } }', variables: {}, pick: (data) => data.me.tokens[0] },
      },
      {
        type: 'AuditEvent',
        id: auditEventId,
        owner: admin,
        fields: 'id action entity entityId sequence hash',
        reach: {
          query: '{ auditEvents(first: 100) { edges { node { ...F } } } }',
          variables: {},
          pick: (data) => byId(auditEventId)(data.auditEvents.edges.map((edge: { node: { id: string } }) => edge.node)),
        },
      },
      {
        type: 'Event',
        id: feed.events.edges[0].node.id,
        owner: sender,
        fields: 'id type occurredAt referralId consentScope { consentId purposes }',
        reach: {
          query: '{ events(first: 1, types: [REFERRAL_RECEIVED]) { edges { node { ...F } } } }',
          variables: {},
          pick: (data) => data.events.edges[0].node,
        },
      },
      {
        type: 'WebhookEndpoint',
        id: endpointId,
        owner: admin,
        fields: 'id url description status publicKeys',
        reach: {
          query: '{ webhookEndpoints { edges { node { ...F } } } }',
          variables: {},
          pick: (data) => data.webhookEndpoints.edges[0].node,
        },
      },
      {
        type: 'WebhookDelivery',
        id: deliveryId,
        owner: admin,
        fields: 'id eventId eventType status attempts log { statusCode }',
        reach: {
          query: 'query($id: ID!) { webhookDeliveries(endpointId: $id) { edges { node { ...F } } } }',
          variables: { id: endpointId },
          pick: (data) => data.webhookDeliveries.edges[0].node,
        },
      },
      {
        type: 'Practice',
        id: practiceId,
        owner: editor,
        fields: 'id title status body revision organisation { id } author { id } revisions { id } endorsementCount',
        reach: { query: 'query($id: ID!) { practice(id: $id) { ...F } }', variables: { id: practiceId }, pick: (data) => data.practice },
      },
      {
        type: 'PracticeRevision',
        id: revisionId,
        owner: editor,
        fields: 'id number title body revisedBy { id }',
        reach: {
          query: 'query($id: ID!) { practice(id: $id) { revisions { ...F } } }',
          variables: { id: practiceId },
          pick: (data) => data.practice.revisions[0],
        },
      },
      {
        type: 'PracticeComment',
        id: commentId,
        owner: editor,
        fields: 'id body organisation { id } author { id }',
        reach: {
          query: 'query($id: ID!) { practice(id: $id) { comments { edges { node { ...F } } } } }',
          variables: { id: practiceId },
          pick: (data) => data.practice.comments.edges[0].node,
        },
      },
      {
        type: 'ExpertMeeting',
        id: meetingId,
        owner: editor,
        networkWide: true,
        fields: 'id title city host { id } participants { organisation { id } }',
        reach: { query: 'query($id: ID!) { meeting(id: $id) { ...F } }', variables: { id: meetingId }, pick: (data) => data.meeting },
      },
    );
  });
  afterAll(async () => {
    await t.close();
    for (const name of ['RAVOT_COUNT_SQL', 'RATE_LIMIT_PER_MINUTE', 'RAVOT_WEBHOOK_ALLOW_HTTP', 'RAVOT_WEBHOOK_ALLOWED_NETWORKS'])
      delete process.env[name];
  });

  async function own(token: string, type: TypeCase) {
    const result = await t.gql(token, withFragment(type.type, type.fields, type.reach.query), type.reach.variables);
    return { codes: result.errorCodes, object: result.errorCodes.length ? undefined : type.reach.pick(result.data) };
  }

  async function throughNode(token: string, type: TypeCase) {
    const result = await t.gql(token, nodeQuery(type.type, type.fields), { id: type.id });
    expect(result.errorCodes).toEqual([]);
    return result.data.node;
  }

  it('covers every type that implements Node, and every type with an id implements it', () => {
    const schema = t.app.get(GraphQLSchemaHost).schema;
    const node = schema.getType('Node');
    if (!isInterfaceType(node)) throw new Error('Node is not an interface');
    const implementing = schema.getImplementations(node).objects.map((type) => type.name);
    const withId = Object.values(schema.getTypeMap())
      .filter((type) => isObjectType(type) && !type.name.startsWith('__') && 'id' in type.getFields())
      .map((type) => type.name);
    expect(implementing.sort()).toEqual(withId.sort());
    expect(cases.map((type) => type.type).sort()).toEqual(implementing.sort());
  });

  it("answers the owner exactly as each type's own query or field does", async () => {
    for (const type of cases) {
      const expected = await own(type.owner, type);
      expect([type.type, expected.codes]).toEqual([type.type, []]);
      expect(expected.object).toBeTruthy();
      const { __typename, ...found } = await throughNode(type.owner, type);
      expect([type.type, __typename, found]).toEqual([type.type, type.type, expected.object]);
    }
  });

  it('gives every role of a foreign organisation null for what it may not see, exactly as for an id that exists nowhere', async () => {
    for (const role of Object.values(Role)) {
      const token = bg.as[role].token;
      for (const type of cases) {
        const found = await t.gql(token, nodeQuery(type.type, type.fields), { id: type.id });
        if (type.networkWide) {
          // The directory and the meetings are the network's: node answers as organisation(id) and meeting(id) do.
          const { __typename, ...object } = found.data.node;
          expect([type.type, role, object]).toEqual([type.type, role, (await own(token, type)).object]);
          continue;
        }
        const unknown = await t.gql(token, nodeQuery(type.type, type.fields), { id: randomUUID() });
        expect([type.type, role, found.status, found.body]).toEqual([type.type, role, unknown.status, unknown.body]);
        expect([type.type, role, found.body]).toEqual([type.type, role, { data: { node: null } }]);
      }
    }
  });

  it('keeps the roles of each type’s own query: tokens of others and the audit log for an ORG_ADMIN, case work for a CASE_WORKER', async () => {
    const find = async (token: string, id: string) => (await t.gql(token, '{ node(id: "' + id + '") { id } }')).body;
    // A case worker sees their own tokens only; their organisation's ORG_ADMIN sees every member's.
    expect(await find(nl.as.CASE_WORKER.token, founderTokenId)).toEqual({ data: { node: null } });
    expect(await find(nl.as.ORG_ADMIN.token, founderTokenId)).toEqual({ data: { node: { id: founderTokenId } } });
    // Members: yourself, or any colleague for an ORG_ADMIN.
    expect(await find(nl.as.CASE_WORKER.token, nl.founder.memberId)).toEqual({ data: { node: null } });
    expect(await find(nl.as.ORG_ADMIN.token, nl.founder.memberId)).toEqual({ data: { node: { id: nl.founder.memberId } } });
    const audit = cases.find((type) => type.type === 'AuditEvent')!;
    expect(await find(nl.as.CASE_WORKER.token, audit.id)).toEqual({ data: { node: null } });
    // referral(id) is FORBIDDEN without CASE_WORKER; through node the referral does not exist for them.
    expect((await t.gql(nl.as.ORG_ADMIN.token, `{ referral(id: "${referralId}") { id } }`)).errorCodes).toEqual(['FORBIDDEN']);
    for (const role of [Role.ORG_ADMIN, Role.ANALYST, Role.PRACTICE_EDITOR, Role.NETWORK_ADMIN]) {
      for (const type of cases.filter((c) =>
        ['Referral', 'Subject', 'Consent', 'FollowUp', 'FollowUpReport', 'ReferralMessage'].includes(c.type),
      )) {
        expect([type.type, role, await find(nl.as[role].token, type.id)]).toEqual([type.type, role, { data: { node: null } }]);
      }
    }
    // The receiver reads the referral, not the person's own record: subject(id) and consents are the sender's.
    for (const type of cases.filter((c) => ['Subject', 'Consent', 'SubjectAccessEvent'].includes(c.type))) {
      expect([type.type, await find(hu.as.CASE_WORKER.token, type.id)]).toEqual([type.type, { data: { node: null } }]);
    }
  });

  it('redacts through node as referral(id) does once the consent is withdrawn', async () => {
    const sender = nl.as.CASE_WORKER;
    const person = await registerSubject(t, sender, 'Nagy');
    const consentId = await recordConsent(t, sender, person, { recipientOrganisationIds: [hu.organisationId] });
    const draft = await createDraft(t, sender, draftInput(person, consentId, hu.organisationId));
    await call(sender.token, MOVE('submitReferral', 'SubmitReferralInput'), {
      input: { referralId: draft.id, expectedVersion: draft.version },
    });
    const referral = { type: 'Referral', id: draft.id, owner: hu.as.CASE_WORKER.token, fields: REFERRAL_FIELDS };
    const reach = {
      query: 'query($id: ID!) { referral(id: $id) { ...F } }',
      variables: { id: draft.id },
      pick: (data: any) => data.referral,
    };
    const before = await throughNode(hu.as.CASE_WORKER.token, { ...referral, reach });
    expect(before.subject.identity.familyName).toBe('Nagy');

    await call(sender.token, 'mutation($input: WithdrawConsentInput!) { withdrawConsent(input: $input) { consent { id } } }', {
      input: { consentId, reason: 'She changed her mind' },
    });
    const { __typename, ...after } = await throughNode(hu.as.CASE_WORKER.token, { ...referral, reach });
    expect(after).toEqual((await own(hu.as.CASE_WORKER.token, { ...referral, reach })).object);
    expect(after.status).toBe('CONSENT_WITHDRAWN');
    expect(after.subject.identity).toBeNull();
    expect(after.subject.redactions).toContainEqual({ field: 'identity', reason: 'CONSENT_WITHDRAWN' });
    expect(after.needs).toBeNull();
    expect(after.redactions).toContainEqual({ field: 'needs', reason: 'CONSENT_WITHDRAWN' });
  });

  it('answers nodes in the order asked, with null for each id the caller may not see or that exists nowhere', async () => {
    const referral = cases.find((type) => type.type === 'Referral')!;
    const subject = cases.find((type) => type.type === 'Subject')!;
    const organisation = cases.find((type) => type.type === 'Organisation')!;
    const unknown = randomUUID();
    const ids = [subject.id, unknown, referral.id.toUpperCase(), organisation.id, referral.id];
    const query = 'query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }';
    const asSender = await t.gql(nl.as.CASE_WORKER.token, query, { ids });
    expect(asSender.body).toEqual({
      data: {
        nodes: [
          { __typename: 'Subject', id: subject.id },
          null,
          { __typename: 'Referral', id: referral.id },
          { __typename: 'Organisation', id: organisation.id },
          { __typename: 'Referral', id: referral.id },
        ],
      },
    });
    const asThird = await t.gql(bg.as.CASE_WORKER.token, query, { ids });
    expect(asThird.body).toEqual({ data: { nodes: [null, null, null, { __typename: 'Organisation', id: organisation.id }, null] } });
    expect((await t.gql(nl.as.CASE_WORKER.token, query, { ids: [] })).body).toEqual({ data: { nodes: [] } });
  });

  it('refuses malformed ids and more than 100 of them with BAD_USER_INPUT, changing nothing', async () => {
    const token = nl.as.CASE_WORKER.token;
    const one = await t.gql(token, 'query($id: ID!) { node(id: $id) { id } }', { id: 'Referral:1' });
    expect(one.errorCodes).toEqual(['BAD_USER_INPUT']);
    expect(one.body.errors![0].extensions!.problems).toEqual([{ path: ['id'], constraint: 'isUuid', message: 'id must be an id.' }]);
    expect(one.body.data).toEqual({ node: null });

    const many = await t.gql(token, 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: [referralId, 'not-an-id'] });
    expect(many.errorCodes).toEqual(['BAD_USER_INPUT']);
    expect(many.body.errors![0].extensions!.problems).toEqual([
      { path: ['ids'], constraint: 'isUuid', message: 'ids must be ids the API gave you' },
    ]);

    const tooMany = await counted(token, 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', {
      ids: Array.from({ length: 101 }, () => randomUUID()),
    });
    expect(tooMany.status).toBe(200);
    expect(tooMany.body.errors[0].extensions).toEqual({
      code: 'BAD_USER_INPUT',
      problems: [{ path: ['ids'], constraint: 'arrayMaxSize', message: 'At most 100 ids at once: nodes(ids) has 101.' }],
    });
    // Refused before the token is even looked up, as a page above 100 is.
    expect(tooMany.statements).toBe(0);
  });

  it('prices nodes by the number of ids, as a page is priced by its size', async () => {
    const query = `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Practice { comments(first: 100) { edges { node { id } } } } } }`;
    const ids = (count: number) => Array.from({ length: count }, () => randomUUID());
    // Each id costs its selection: 1 + 100 × 3 = 301, so 30 ids are within the budget of 10,000 and 40 are not.
    expect((await t.gql(nl.as.CASE_WORKER.token, query, { ids: ids(30) })).errorCodes).toEqual([]);
    const refused = await counted(nl.as.CASE_WORKER.token, query, { ids: ids(40) });
    expect(refused.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(refused.body.errors[0].message).toMatch(/estimated cost is 12090/);
    expect(refused.statements).toBe(0);
  });

  it('runs the same statements for one id of each type as for several: one to tell the types, then a batch per type', async () => {
    const sender = nl.as.CASE_WORKER;
    const drafts: string[] = [referralId];
    for (let i = 0; i < 4; i++) {
      const person = await registerSubject(t, sender, `Kiss${i}`);
      const consentId = await recordConsent(t, sender, person, { recipientOrganisationIds: [hu.organisationId] });
      drafts.push((await createDraft(t, sender, draftInput(person, consentId, hu.organisationId))).id);
    }
    const query = `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Referral { ${REFERRAL_FIELDS} } } }`;
    const one = await counted(sender.token, query, { ids: drafts.slice(0, 1) });
    const five = await counted(sender.token, query, { ids: drafts });
    expect(one.body.errors).toBeUndefined();
    expect(five.body.errors).toBeUndefined();
    expect(five.body.data.nodes.map((node: { id: string }) => node.id)).toEqual(drafts);
    expect(five.statements).toBe(one.statements);

    // Every type at once: the count depends on the types asked, not on how many ids of each.
    const mixed = `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`;
    const ownedBySender = cases.filter((type) => type.owner === sender.token).map((type) => type.id);
    const once = await counted(sender.token, mixed, { ids: ownedBySender });
    const twice = await counted(sender.token, mixed, { ids: [...ownedBySender, ...drafts.slice(1)] });
    expect(once.body.errors).toBeUndefined();
    expect(twice.statements).toBe(once.statements);
    // An id that exists nowhere costs the look-up alone.
    const nothing = await counted(sender.token, mixed, { ids: [randomUUID()] });
    const nothingMore = await counted(sender.token, mixed, { ids: [randomUUID(), randomUUID(), randomUUID()] });
    expect(nothingMore.statements).toBe(nothing.statements);
    // ... one statement, as many as organisation(id) spends on its one read.
    const organisation = await counted(sender.token, 'query($id: ID!) { organisation(id: $id) { id } }', { id: nl.organisationId });
    expect(nothing.statements).toBe(organisation.statements);
  });
});
