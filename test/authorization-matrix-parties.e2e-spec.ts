import { randomUUID } from 'node:crypto';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { getNamedType, GraphQLSchema } from 'graphql';
import { Role } from '../src/auth/role.js';
import { Listing, OnRecord, Outcome, RecordParty, WHICH_PARTY, WHO_MAY } from './authorization-matrix.js';
import { operationFor } from './support/operation-builder.js';
import {
  FOLLOW_UP_REPORT,
  inDays,
  PartyOrganisation,
  PartyRecord,
  PartyRecords,
  partyOrganisation,
  today,
} from './support/party-records.js';
import { eventsSettled } from './support/partner-events.js';
import { draftInput } from './support/referral-fixtures.js';
import { GraphQLResult, TestApp, unique } from './support/test-app.js';

/**
 * The authorisation matrix's organisation dimension: every operation that
 * addresses a record is called on a real one by each role of the organisation
 * that owns it, of its counterpart and of an uninvolved third organisation,
 * and compared with the table WHICH_PARTY. A party that may not know of the
 * record must get exactly the answer an id that exists nowhere gets, and a
 * refused call must leave the record as it was.
 */

/** The arguments that address `record`, for each operation the table calls on one. */
const ARGUMENTS: Record<string, (record: PartyRecord) => Record<string, unknown>> = {
  referral: (r) => ({ id: r.id }),
  createReferral: (r) => ({ input: draftInput(r.id, r.consentId!, r.receiverId!) }),
  updateReferralDraft: (r) => ({ input: { referralId: r.id, expectedVersion: r.version, returnPlan: { route: 'Bus via Vienna' } } }),
  submitReferral: (r) => ({ input: { referralId: r.id, expectedVersion: r.version } }),
  cancelReferral: (r) => ({ input: { referralId: r.id, expectedVersion: r.version, reason: 'She chose to stay' } }),
  acceptReferral: (r) => ({ input: { referralId: r.id, expectedVersion: r.version } }),
  declineReferral: (r) => ({ input: { referralId: r.id, expectedVersion: r.version, reason: 'No shelter place' } }),
  recordArrival: (r) => ({ input: { referralId: r.id, expectedVersion: r.version, arrivedOn: today() } }),
  closeReferral: (r) => ({ input: { referralId: r.id, expectedVersion: r.version, reason: 'Moved abroad' } }),
  sendReferralMessage: (r) => ({ input: { referralId: r.id, body: 'The flight lands at 14:05.' } }),
  addFollowUp: (r) => ({ input: { referralId: r.id, dueOn: inDays(10), reason: 'Extra visit after the court hearing' } }),
  submitFollowUp: (r) => ({ input: { followUpId: r.id, report: FOLLOW_UP_REPORT } }),
  moveFollowUp: (r) => ({ input: { followUpId: r.id, dueOn: inDays(40), reason: 'She is away for a month' } }),
  correctFollowUpReport: (r) => ({ input: { followUpId: r.id, report: { ...FOLLOW_UP_REPORT, socialScore: 5 } } }),
  subject: (r) => ({ id: r.id }),
  updateSubject: (r) => ({ input: { subjectId: r.id, health: { notes: 'Needs insulin every day' } } }),
  eraseSubject: (r) => ({ input: { subjectId: r.id, reason: 'Asked to be forgotten' } }),
  subjectAccessLog: (r) => ({ subjectId: r.id }),
  recordConsent: (r) => ({
    input: {
      subjectId: r.id,
      recipientOrganisationIds: [r.receiverId],
      purposes: ['RETURN_ASSISTANCE'],
      categories: ['NEEDS'],
      givenAt: new Date(Date.now() - 60_000).toISOString(),
      language: 'hu',
      interpreterPresent: false,
      formReference: 'Form 2026/18',
    },
  }),
  withdrawConsent: (r) => ({ input: { consentId: r.id, reason: 'She changed her mind' } }),
  updateMemberRoles: (r) => ({ input: { memberId: r.id, roles: ['ANALYST'] } }),
  removeMember: (r) => ({ input: { memberId: r.id } }),
  issueSignInLink: (r) => ({ input: { memberId: r.id } }),
  issueToken: (r) => ({ input: { memberId: r.id, name: 'laptop' } }),
  revokeToken: (r) => ({ input: { tokenId: r.id } }),
  webhookDeliveries: (r) => ({ endpointId: r.id }),
  rotateWebhookSecret: (r) => ({ input: { id: r.id } }),
  pauseWebhookEndpoint: (r) => ({ input: { id: r.id } }),
  resumeWebhookEndpoint: (r) => ({ input: { id: r.id } }),
  deleteWebhookEndpoint: (r) => ({ input: { id: r.id } }),
  redeliverWebhook: (r) => ({ input: { deliveryId: r.id } }),
  organisation: (r) => ({ id: r.id }),
  updateOrganisation: (r) => ({ input: { id: r.id, name: unique('Renamed') } }),
  suspendOrganisation: (r) => ({ input: { id: r.id, reason: 'Audit' } }),
  reactivateOrganisation: (r) => ({ input: { id: r.id } }),
  practice: (r) => ({ id: r.id }),
  updatePractice: (r) => ({ input: { id: r.id, title: 'Agree on reception at arrival, in writing' } }),
  publishPractice: (r) => ({ input: { id: r.id } }),
  archivePractice: (r) => ({ input: { id: r.id } }),
  endorsePractice: (r) => ({ input: { practiceId: r.id } }),
  withdrawEndorsement: (r) => ({ input: { practiceId: r.id } }),
  commentOnPractice: (r) => ({ input: { practiceId: r.id, body: 'We do the same in Sofia.' } }),
  meeting: (r) => ({ id: r.id }),
  node: (r) => ({ id: r.id }),
  nodes: (r) => ({ ids: [r.id] }),
  updateMeeting: (r) => ({ input: { id: r.id, title: 'Expert meeting on safe return, second day' } }),
};

/** Where a record leaves traces: compared before and after the refused calls. */
const WATCHED: [table: string, column: string][] = [
  ['organisations', 'id'],
  ['members', 'id'],
  ['api_tokens', 'id'],
  ['api_tokens', 'member_id'],
  ['subjects', 'id'],
  ['subject_keys', 'subject_id'],
  ['personal_records', 'subject_id'],
  ['consents', 'subject_id'],
  ['referrals', 'subject_id'],
  ['referral_events', 'referral_id'],
  ['referral_messages', 'referral_id'],
  ['follow_ups', 'referral_id'],
  ['follow_up_reports', 'referral_id'],
  ['idempotency_keys', 'record_id'],
  ['practices', 'id'],
  ['practice_revisions', 'practice_id'],
  ['practice_endorsements', 'practice_id'],
  ['practice_comments', 'practice_id'],
  ['expert_meetings', 'id'],
  ['expert_meeting_participants', 'meeting_id'],
  ['audit_events', 'entity_id'],
  ['audit_events', 'referral_id'],
  ['subject_access_events', 'subject_id'],
  ['outbox_events', 'referral_id'],
  ['webhook_endpoints', 'id'],
  ['webhook_secrets', 'endpoint_id'],
  ['webhook_deliveries', 'id'],
];
const FINGERPRINT = `SELECT coalesce(jsonb_agg(trace ORDER BY trace::text), '[]') AS traces FROM (${WATCHED.map(
  ([table, column]) => `SELECT jsonb_build_object('${table}', to_jsonb(x)) AS trace FROM ${table} x WHERE x.${column} = ANY ($1::uuid[])`,
).join(' UNION ALL ')}) traces`;

/** Whether an operation's answer holds a record: nodes answers a list, with null for each id not seen. */
const holdsData = (answer: unknown) => (Array.isArray(answer) ? answer.some((item) => item != null) : answer != null);

/** An answer as a client sees it, without what differs between any two requests. */
function normalised(result: GraphQLResult): string {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value)
          .filter(([key]) => !/^(requestId|correlationId|traceId)$/i.test(key))
          .map(([key, inner]) => [key, strip(inner)]),
      );
    }
    return value;
  };
  return JSON.stringify({ status: result.status, body: strip(result.body) });
}

/** The same arguments with every occurrence of `from` replaced by `to`. */
function readdressed(value: unknown, from: string, to: string): any {
  if (value === from) return to;
  if (Array.isArray(value)) return value.map((inner) => readdressed(inner, from, to));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, readdressed(inner, from, to)]));
  }
  return value;
}

const ROLES = Object.values(Role);
const PARTIES: RecordParty[] = ['OWNER', 'COUNTERPART', 'THIRD'];
const sideOf = (record: PartyRecord, party: RecordParty): PartyOrganisation =>
  ({ OWNER: record.owner, COUNTERPART: record.counterpart, THIRD: record.third })[party];

/** The table's outcome for one member: the guard refuses the roles WHO_MAY does not list, whatever the record. */
function expected(name: string, row: OnRecord, party: RecordParty, role: Role): Outcome {
  const rule = row[party];
  const outcome = typeof rule === 'string' ? rule : (rule.roles[role] ?? rule.otherwise);
  if (outcome === 'UNSEEN' || outcome === 'UNAUTHENTICATED') return outcome;
  return WHO_MAY[name].includes(role) ? outcome : 'FORBIDDEN';
}

describe('the authorisation matrix, organisation by organisation', () => {
  let t: TestApp;
  let schema: GraphQLSchema;
  let records: PartyRecords;
  const outsiders: [string, string | null][] = [['no token', null]];

  beforeAll(async () => {
    // Webhook endpoints on 127.0.0.1 over http: registering needs no DNS (nothing is delivered in this suite).
    t = await TestApp.start({
      RATE_LIMIT_PER_MINUTE: '100000',
      RAVOT_WEBHOOK_ALLOW_HTTP: 'true',
      RAVOT_WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1/32',
    });
    schema = t.app.get(GraphQLSchemaHost).schema;
    const [nl, hu, bg] = [await partyOrganisation(t, 'NL'), await partyOrganisation(t, 'HU'), await partyOrganisation(t, 'BG')];
    records = new PartyRecords(t, nl, hu, bg);

    const revoked = await t.member(nl.founder, [Role.CASE_WORKER]);
    const { data } = await t.gql(revoked.token, '{ me { tokens { id } } }');
    await t.gql(revoked.token, 'mutation($id: ID!) { revokeToken(input: { tokenId: $id }) { apiToken { id } } }', {
      id: data.me.tokens[0].id,
    });
    const elsewhere = await t.organisation(bg.founder);
    const suspended = await t.member(elsewhere, [Role.CASE_WORKER]);
    await t.gql(
      bg.founder.token,
      'mutation($id: ID!) { suspendOrganisation(input: { id: $id, reason: "Matrix" }) { organisation { id } } }',
      {
        id: elsewhere.organisationId,
      },
    );
    outsiders.push(['revoked token', revoked.token], ['suspended organisation', suspended.token]);
  });
  afterAll(async () => {
    await t.close();
    delete process.env.RATE_LIMIT_PER_MINUTE;
  });

  const kindOf = (name: string) => (schema.getQueryType()!.getFields()[name] ? 'query' : 'mutation');
  const fingerprint = async (record: PartyRecord) => JSON.stringify((await t.dataSource.query(FINGERPRINT, [record.ids]))[0].traces);

  it('lists every operation of the schema, and no operation that is not in it', () => {
    const operations = [...Object.keys(schema.getQueryType()!.getFields()), ...Object.keys(schema.getMutationType()!.getFields())];
    expect(operations.sort()).toEqual(Object.keys(WHICH_PARTY).sort());
    const unaddressed = Object.entries(WHICH_PARTY)
      .filter(([name, rule]) => Array.isArray(rule) && rule.some((row) => 'on' in row) && !ARGUMENTS[name])
      .map(([name]) => name);
    expect(unaddressed).toEqual([]);
    const rolesNotPermitted = Object.entries(WHICH_PARTY).flatMap(([name, rule]) =>
      (Array.isArray(rule) ? rule : []).flatMap((row) =>
        PARTIES.flatMap((party) => {
          const outcome = 'on' in row ? row[party] : 'ALLOWED';
          return typeof outcome === 'string' ? [] : Object.keys(outcome.roles).filter((role) => !WHO_MAY[name].includes(role as Role));
        }),
      ),
    );
    expect(rolesNotPermitted).toEqual([]);
  });

  /** One row of the table: the refused cells first, on one record that must come out unchanged; then the allowed ones. */
  async function checkRecordRow(name: string, row: OnRecord, wrong: string[]): Promise<void> {
    const kind = kindOf(name);
    const { query } = operationFor(schema, kind, name);
    const shared = await records.build(row.on);
    const before = await fingerprint(shared);
    const label = (who: string) => `${name} on a ${row.on} as ${who}`;
    const answer = (token: string | null, record: PartyRecord) => t.gql(token, query, ARGUMENTS[name](record));
    const asIfAbsent = (token: string | null, record: PartyRecord) =>
      t.gql(token, query, readdressed(ARGUMENTS[name](record), record.id, randomUUID()));

    const allowed: [string, (record: PartyRecord) => string | null][] = [];
    const cells: [string, Outcome, (record: PartyRecord) => string | null][] = [
      ...outsiders.map(([who, token]): [string, Outcome, () => string | null] => [who, 'UNAUTHENTICATED', () => token]),
      ...PARTIES.flatMap((party) =>
        ROLES.map((role): [string, Outcome, (record: PartyRecord) => string] => [
          `${role} of the ${party.toLowerCase()}`,
          expected(name, row, party, role),
          (record) => sideOf(record, party).as[role].token,
        ]),
      ),
    ];
    for (const [who, outcome, tokenOf] of cells) {
      if (outcome === 'ALLOWED') {
        allowed.push([who, tokenOf]);
        continue;
      }
      const token = tokenOf(shared);
      const result = await answer(token, shared);
      const codes = result.errorCodes.join() || 'an answer';
      const leaked = result.body.data != null && holdsData(result.body.data[name]);
      if (result.errorCodes.includes('INTERNAL_SERVER_ERROR')) wrong.push(`${label(who)}: internal error`);
      else if (leaked) wrong.push(`${label(who)}: answered with data, but the table says ${outcome}`);
      else if (outcome !== 'UNSEEN' && codes !== outcome) wrong.push(`${label(who)}: ${codes}, but the table says ${outcome}`);
      else if (outcome === 'UNSEEN' || outcome === 'UNAUTHENTICATED') {
        // Signed in or not, a caller must not tell this record from one that does not exist.
        const absent = await asIfAbsent(token, shared);
        if (normalised(result) !== normalised(absent)) {
          wrong.push(`${label(who)}: ${normalised(result)} differs from the answer for an unknown id, ${normalised(absent)}`);
        }
      }
    }
    if ((await fingerprint(shared)) !== before) wrong.push(`${name} on a ${row.on}: a refused call changed the record`);

    // A query changes nothing, so its allowed members share the record; each allowed change gets a record of its own.
    for (const [i, [who, tokenOf]] of allowed.entries()) {
      const record = kind === 'query' || i === 0 ? shared : await records.build(row.on);
      const result = await answer(tokenOf(record), record);
      if (result.errorCodes.length > 0 || !holdsData(result.data[name])) {
        wrong.push(`${label(who)}: ${result.errorCodes.join() || 'no data'}, but the table says ALLOWED`);
      }
    }
  }

  /** A list, page by page: whether the record's row (or, for counts, anything at all) is in it. */
  async function finds(token: string, name: string, args: Record<string, unknown>, record: PartyRecord): Promise<GraphQLResult | boolean> {
    if (name === 'followUpCounts') {
      // Counts carry no ids; only the receiver in this suite has any follow-ups to count.
      const result = await t.gql(token, '{ followUpCounts { count } }');
      return result.errorCodes.length ? result : result.data.followUpCounts.some((c: { count: number }) => c.count > 0);
    }
    // The feed holds back events while an older write on the server may still commit before them.
    if (name === 'events') await eventsSettled(t);
    const field = schema.getQueryType()!.getFields()[name];
    const declared = field.args.filter((arg) => arg.name in args).map((arg) => `, $${arg.name}: ${String(arg.type)}`);
    const nodeFields: Record<string, string> = { AuditEventConnection: 'entityId referralId', EventConnection: 'referralId' };
    const node = nodeFields[getNamedType(field.type).name] ?? 'id';
    const passed = Object.keys(args).map((arg) => `, ${arg}: $${arg}`);
    const query = `query($after: String${declared.join('')}) { ${name}(first: 100, after: $after${passed.join('')}) {
      edges { node { ${node} } } pageInfo { hasNextPage endCursor } } }`;
    let after: string | null = null;
    do {
      const result = await t.gql(token, query, { ...args, after });
      if (result.errorCodes.length) return result;
      const page = result.data[name];
      if (page.edges.some((edge: { node: Record<string, string> }) => Object.values(edge.node).some((id) => record.ids.includes(id)))) {
        return true;
      }
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    return false;
  }

  async function checkListing(name: string, row: Listing, wrong: string[]): Promise<void> {
    const record = await records.build(row.list);
    const label = (who: string) => `${name}(${JSON.stringify(row.args)}) with a ${row.list} as ${who}`;
    for (const party of PARTIES) {
      for (const role of ROLES) {
        const who = `${role} of the ${party.toLowerCase()}`;
        const found = await finds(sideOf(record, party).as[role].token, name, row.args, record);
        const permitted = WHO_MAY[name].includes(role);
        if (typeof found !== 'boolean') {
          if (permitted || found.errorCodes.join() !== 'FORBIDDEN' || found.body.data?.[name] != null) {
            wrong.push(`${label(who)}: ${found.errorCodes.join()}`);
          }
        } else if (!permitted) wrong.push(`${label(who)}: answered, but WHO_MAY does not list ${role}`);
        else if (found !== row.sees.includes(party)) wrong.push(`${label(who)}: ${found ? 'finds' : 'misses'} the record's row`);
      }
    }
  }

  const addressing = Object.entries(WHICH_PARTY).filter(([, rule]) => Array.isArray(rule));
  it.each(addressing.map(([name]) => name))('%s answers each party as the table says', async (name) => {
    const wrong: string[] = [];
    for (const row of WHICH_PARTY[name] as (OnRecord | Listing)[]) {
      if ('on' in row) await checkRecordRow(name, row, wrong);
      else await checkListing(name, row, wrong);
    }
    expect(wrong).toEqual([]);
  });
});
