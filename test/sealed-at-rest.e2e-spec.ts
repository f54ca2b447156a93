import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { buildSchema, GraphQLInputObjectType, GraphQLScalarType, getNamedType, isInputObjectType } from 'graphql';
import { DataSource } from 'typeorm';
import { SealedNotes1765000000000 } from '../migrations/1765000000000-SealedNotes.js';
import { SealedNotesBackfill } from '../src/personal-data/sealed-notes-backfill.js';
import { freshDatabase } from './support/fresh-database.js';
import { MOVE, network, Network, DUTCH_FIELDS, submittedReferral } from './support/referral-fixtures.js';
import { ON_EMBEDDED, TEST_DATABASE_URL, TestApp } from './support/test-app.js';

/**
 * Every free-text input of the schema is either written with a marker by the path below, whose values must never
 * be found in clear in the database, or listed here with why it is not about a person. A new String input fails
 * the first test until it is placed in one of the two.
 */
const NOT_ABOUT_A_PERSON: Record<string, string> = {
  'AddMemberInput.displayName': 'a staff member of a partner organisation',
  'AddMemberInput.email': 'a staff member of a partner organisation',
  'FirstAdminInput.displayName': 'a staff member of a partner organisation',
  'FirstAdminInput.email': 'a staff member of a partner organisation',
  'IssueTokenInput.name': 'the name of an API token',
  'CreateOrganisationInput.name': 'an organisation',
  'CreateOrganisationInput.country': 'a country code',
  'CreateOrganisationInput.languages': 'language codes',
  'UpdateOrganisationInput.name': 'an organisation',
  'UpdateOrganisationInput.languages': 'language codes',
  'SuspendOrganisationInput.reason': 'about an organisation, seen by the network administrators',
  'CreatePracticeInput.title': 'a published best-practice record: knowledge, not a case',
  'CreatePracticeInput.summary': 'a published best-practice record',
  'CreatePracticeInput.body': 'a published best-practice record',
  'CreatePracticeInput.countries': 'country codes',
  'CreatePracticeInput.language': 'a language code',
  'UpdatePracticeInput.title': 'a published best-practice record',
  'UpdatePracticeInput.summary': 'a published best-practice record',
  'UpdatePracticeInput.body': 'a published best-practice record',
  'UpdatePracticeInput.countries': 'country codes',
  'UpdatePracticeInput.language': 'a language code',
  'CommentOnPracticeInput.body': 'a discussion among professionals of a published practice',
  'CreateMeetingInput.title': 'an expert meeting',
  'CreateMeetingInput.city': 'an expert meeting',
  'CreateMeetingInput.country': 'a country code',
  'CreateMeetingInput.agenda': 'an expert meeting',
  'CreateMeetingInput.challenges': 'an expert meeting',
  'CreateMeetingInput.startsOn': 'a date',
  'CreateMeetingInput.endsOn': 'a date',
  'UpdateMeetingInput.title': 'an expert meeting',
  'UpdateMeetingInput.city': 'an expert meeting',
  'UpdateMeetingInput.country': 'a country code',
  'UpdateMeetingInput.agenda': 'an expert meeting',
  'UpdateMeetingInput.challenges': 'an expert meeting',
  'UpdateMeetingInput.startsOn': 'a date',
  'UpdateMeetingInput.endsOn': 'a date',
  'ImportRegistrationStatisticsInput.csv': 'published counts of registered victims, no person in them',
  'ImportRegistrationStatisticsInput.source': 'where published counts come from',
  'StatisticsFilter.senderCountries': 'country codes',
  'StatisticsFilter.receiverCountries': 'country codes',
  'RegisterSubjectInput.nationality': 'a country code, kept in clear for statistics',
  'RegisterSubjectInput.countryOfReturn': 'a country code, kept in clear to route referrals',
  'RecordConsentInput.language': 'a language code',
  'RegisterAndReferSubjectInput.nationality': 'a country code, kept in clear for statistics',
  'RegisterAndReferSubjectInput.countryOfReturn': 'a country code, kept in clear to route referrals',
  'RegisterAndReferConsentInput.language': 'a language code',
  'RegisterAndReferInput.idempotencyKey': "the client's retry key (letters, digits, - and _)",
  'RegisterWebhookEndpointInput.url': "the address of a partner organisation's system",
  'RegisterWebhookEndpointInput.description': "names a partner organisation's system",
  'CreateReferralInput.idempotencyKey': "the client's retry key (letters, digits, - and _)",
  'SubmitReferralInput.idempotencyKey': "the client's retry key (letters, digits, - and _)",
  'RegisterSubjectInput.idempotencyKey': "the client's retry key (letters, digits, - and _)",
  'RecordConsentInput.idempotencyKey': "the client's retry key (letters, digits, - and _)",
  'CreateMeetingInput.idempotencyKey': "the client's retry key (letters, digits, - and _)",
  'CreatePracticeInput.idempotencyKey': "the client's retry key (letters, digits, - and _)",
  'CommentOnPracticeInput.idempotencyKey': "the client's retry key (letters, digits, - and _)",
  'AddFollowUpInput.idempotencyKey': "the client's retry key (letters, digits, - and _)",
  'SendReferralMessageInput.idempotencyKey': "the client's retry key (letters, digits, - and _)",
  'AddMemberInput.idempotencyKey': "the client's retry key (letters, digits, - and _)",
  'RecordArrivalInput.arrivedOn': 'a date, kept in clear to schedule the follow-ups',
  'AddFollowUpInput.dueOn': 'a date, kept in clear for the worklist',
  'MoveFollowUpInput.dueOn': 'a date, kept in clear for the worklist',
  'DeliveredServiceInput.deliveredOn': 'a date beside the service type, kept in clear for reporting',
  // Validated to a calendar date or a partner profile's keys and choices: sealed, but no room for a marker.
  'SubjectIdentityInput.dateOfBirth': 'a calendar date, sealed in the identity (the referral keeps an age band)',
  'SubjectIdentityInput.languages': 'language codes, sealed in the identity',
  'ReturnPlanInput.plannedReturnDate': 'a calendar date, sealed in the return plan',
  'NationalFieldInput.key': "a key of the sender's partner profile, sealed in the case history",
  'NationalFieldInput.value': "a date, yes/no or choice of the sender's profile, sealed in the case history",
};

/** Every String input field of the schema, as Type.field. */
function stringInputs(): string[] {
  const schema = buildSchema(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'));
  return Object.values(schema.getTypeMap())
    .filter((type): type is GraphQLInputObjectType => isInputObjectType(type) && !type.name.startsWith('__'))
    .flatMap((type) =>
      Object.values(type.getFields())
        .filter((field) => {
          const named = getNamedType(field.type);
          return named instanceof GraphQLScalarType && named.name === 'String';
        })
        .map((field) => `${type.name}.${field.name}`),
    )
    .sort();
}

/** The whole database as text: a plain pg_dump on a server; on the embedded database, which has no pg_dump, every row of every table. */
async function dump(dataSource: DataSource, url = TEST_DATABASE_URL): Promise<string> {
  if (!ON_EMBEDDED) {
    const { stdout } = await promisify(execFile)('pg_dump', ['--no-owner', url!], { maxBuffer: 512 * 1024 * 1024 });
    return stdout;
  }
  const tables: { schema: string; name: string }[] = await dataSource.query(
    `SELECT schemaname AS schema, tablename AS name FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`,
  );
  const parts = await Promise.all(
    tables.map(async ({ schema, name }) => {
      const rows: { row: string }[] = await dataSource.query(`SELECT t::text AS row FROM "${schema}"."${name}" t`);
      return rows.map((r) => r.row).join('\n');
    }),
  );
  return parts.join('\n');
}

describe('a person’s free text at rest', () => {
  let t: TestApp;
  let n: Network;
  const used = new Map<string, string>();
  /** A value for a field that can be found again in a dump; e-mail addresses stay e-mail addresses. */
  const marker = (field: string, { email = false } = {}) => {
    const value = `zq${used.size.toString().padStart(3, '0')}${Math.random().toString(36).slice(2, 8)}`;
    used.set(field, value);
    return email ? `${value}@example.org` : `${value} marker`;
  };
  const markedInDump = (text: string) => [...used].filter(([, value]) => text.toLowerCase().includes(value)).map(([field]) => field);

  const gql = async (token: string, query: string, input: Record<string, unknown>) => {
    const result = await t.gql(token, query, { input });
    if (result.errorCodes.length > 0) throw new Error(JSON.stringify(result.body.errors));
    return result.data;
  };

  beforeAll(async () => {
    t = await TestApp.start();
    n = await network(t);
  });
  afterAll(() => t.close());

  it('knows of every String input whether it is about a person', () => {
    const marked = [
      ...['SubjectIdentityInput.familyName', 'SubjectIdentityInput.givenNames', 'DependantInput.relationship'],
      ...['SubjectContactInput.address', 'SubjectContactInput.email', 'SubjectContactInput.phone', 'SubjectContactInput.safeContactNotes'],
      ...['SubjectHealthInput.notes', 'RecordConsentInput.formReference', 'WithdrawConsentInput.reason', 'EraseSubjectInput.reason'],
      ...['NeedInput.note', 'CaseHistoryInput.summary', 'ReturnPlanInput.route', 'ReceptionInput.metBy', 'ReceptionInput.place'],
      ...['RiskAssessmentInput.notes', 'SendReferralMessageInput.body', 'DeclineReferralInput.reason', 'CancelReferralInput.reason'],
      ...['CloseReferralInput.reason', 'AddFollowUpInput.reason', 'MoveFollowUpInput.reason', 'FollowUpReportInput.narrative'],
      ...['FollowUpReportInput.nextSteps', 'FollowUpReportInput.personView', 'FollowUpReportInput.reintegrationPlan'],
      'RegisterAndReferConsentInput.formReference',
    ];
    expect(stringInputs()).toEqual([...marked, ...Object.keys(NOT_ABOUT_A_PERSON)].sort());
    MARKED.push(...marked);
  });
  const MARKED: string[] = [];

  it('finds none of it in a dump after a whole referral, nor after the person is erased', async () => {
    const register = (familyName: string) =>
      gql(n.nlWorker.token, 'mutation($input: RegisterSubjectInput!) { registerSubject(input: $input) { subject { id } } }', {
        nationality: 'HU',
        countryOfReturn: 'HU',
        identity: {
          givenNames: marker('SubjectIdentityInput.givenNames'),
          familyName,
          dateOfBirth: '1994-07-12',
          gender: 'FEMALE',
          languages: ['hu'],
          dependants: [{ relationship: marker('DependantInput.relationship'), yearOfBirth: 2015 }],
        },
        contact: {
          address: marker('SubjectContactInput.address'),
          email: marker('SubjectContactInput.email', { email: true }),
          phone: marker('SubjectContactInput.phone'),
          safeContactNotes: marker('SubjectContactInput.safeContactNotes'),
        },
        health: { notes: marker('SubjectHealthInput.notes') },
      }).then((data) => data.registerSubject?.subject.id as string);
    const consentFor = (subjectId: string) =>
      gql(n.nlWorker.token, 'mutation($input: RecordConsentInput!) { recordConsent(input: $input) { consent { id } } }', {
        subjectId,
        recipientOrganisationIds: [n.hu.organisationId],
        purposes: ['RETURN_ASSISTANCE', 'REINTEGRATION_SUPPORT', 'FOLLOW_UP_REPORTING'],
        categories: ['IDENTITY', 'CONTACT', 'NEEDS', 'CASE_HISTORY'],
        givenAt: new Date(Date.now() - 60_000).toISOString(),
        language: 'hu',
        interpreterPresent: true,
        formReference: marker('RecordConsentInput.formReference'),
      }).then((data) => data.recordConsent?.consent.id as string);
    const submitted = async (subjectId: string, consentId: string) => {
      const draft = await gql(
        n.nlWorker.token,
        'mutation($input: CreateReferralInput!) { createReferral(input: $input) { referral { id version } } }',
        {
          subjectId,
          consentId,
          receiverOrganisationId: n.hu.organisationId,
          needs: [{ serviceType: 'SHELTER', priority: 'HIGH', note: marker('NeedInput.note') }],
          caseHistory: { exploitationTypes: ['LABOUR'], summary: marker('CaseHistoryInput.summary'), nationalFields: DUTCH_FIELDS },
          returnPlan: {
            plannedReturnDate: '2026-12-10',
            route: marker('ReturnPlanInput.route'),
            reception: { place: marker('ReceptionInput.place'), metBy: marker('ReceptionInput.metBy') },
          },
          riskAssessment: { level: 'HIGH', indicators: ['DEBT'], notes: marker('RiskAssessmentInput.notes') },
        },
      );
      const { id, version } = draft.createReferral?.referral;
      const done = await gql(n.nlWorker.token, MOVE('submitReferral', 'SubmitReferralInput'), { referralId: id, expectedVersion: version });
      return { referralId: id as string, version: done.submitReferral?.referral.version as number };
    };

    // The whole path: registered, consented, referred, accepted, talked about, returned, followed up, closed early.
    const subjectId = await register(marker('SubjectIdentityInput.familyName'));
    const consentId = await consentFor(subjectId);
    let { referralId, version } = await submitted(subjectId, consentId);
    const move = async (mutation: string, type: string, extra: Record<string, unknown> = {}) => {
      const data = await gql(n.huWorker.token, MOVE(mutation, type), { referralId, expectedVersion: version, ...extra });
      version = data[mutation].referral.version;
    };
    await move('acceptReferral', 'AcceptReferralInput');
    await gql(n.nlWorker.token, 'mutation($input: SendReferralMessageInput!) { sendReferralMessage(input: $input) { message { id } } }', {
      referralId,
      body: marker('SendReferralMessageInput.body'),
    });
    await move('recordArrival', 'RecordArrivalInput', { arrivedOn: new Date().toISOString().slice(0, 10) });
    const followUps = (
      await t.gql(n.huWorker.token, 'query($id: ID!) { referral(id: $id) { followUps { id dueOn } } }', { id: referralId })
    ).data.referral.followUps;
    await gql(n.huWorker.token, 'mutation($input: MoveFollowUpInput!) { moveFollowUp(input: $input) { followUp { id } } }', {
      followUpId: followUps[1].id,
      dueOn: followUps[1].dueOn.replace(/-(\d\d)$/, '-01'),
      reason: marker('MoveFollowUpInput.reason'),
    });
    await gql(n.huWorker.token, 'mutation($input: AddFollowUpInput!) { addFollowUp(input: $input) { followUp { id } } }', {
      referralId,
      dueOn: '2030-01-15',
      reason: marker('AddFollowUpInput.reason'),
    });
    await gql(n.huWorker.token, 'mutation($input: SubmitFollowUpInput!) { submitFollowUp(input: $input) { followUp { id } } }', {
      followUpId: followUps[0].id,
      report: {
        economicScore: 2,
        socialScore: 3,
        psychosocialScore: 2,
        safetyLevel: 'MEDIUM',
        narrative: marker('FollowUpReportInput.narrative'),
        nextSteps: marker('FollowUpReportInput.nextSteps'),
        personView: marker('FollowUpReportInput.personView'),
        reintegrationPlan: marker('FollowUpReportInput.reintegrationPlan'),
      },
    });
    version = (await t.gql(n.huWorker.token, 'query($id: ID!) { referral(id: $id) { version } }', { id: referralId })).data.referral
      .version;
    await move('closeReferral', 'CloseReferralInput', { reason: marker('CloseReferralInput.reason') });

    // A second person's referral is declined, a third's cancelled and its consent withdrawn.
    const second = await register('Second');
    ({ referralId, version } = await submitted(second, await consentFor(second)));
    await move('declineReferral', 'DeclineReferralInput', { reason: marker('DeclineReferralInput.reason') });
    const third = await register('Third');
    const thirdConsent = await consentFor(third);
    ({ referralId, version } = await submitted(third, thirdConsent));
    await gql(n.nlWorker.token, MOVE('cancelReferral', 'CancelReferralInput'), {
      referralId,
      expectedVersion: version,
      reason: marker('CancelReferralInput.reason'),
    });
    await gql(n.nlWorker.token, 'mutation($input: WithdrawConsentInput!) { withdrawConsent(input: $input) { consent { id } } }', {
      consentId: thirdConsent,
      reason: marker('WithdrawConsentInput.reason'),
    });

    // A fourth person registered and referred in one request.
    await gql(n.nlWorker.token, 'mutation($input: RegisterAndReferInput!) { registerAndRefer(input: $input) { referral { id } } }', {
      subject: { nationality: 'HU', countryOfReturn: 'HU', identity: { givenNames: 'Fourth', familyName: 'Fourth', gender: 'FEMALE' } },
      consent: {
        recipientOrganisationIds: [n.hu.organisationId],
        purposes: ['RETURN_ASSISTANCE'],
        categories: ['IDENTITY', 'CASE_HISTORY'],
        givenAt: new Date(Date.now() - 60_000).toISOString(),
        language: 'hu',
        interpreterPresent: false,
        formReference: marker('RegisterAndReferConsentInput.formReference'),
      },
      referral: {
        receiverOrganisationId: n.hu.organisationId,
        needs: [{ serviceType: 'SHELTER', priority: 'HIGH' }],
        caseHistory: { exploitationTypes: ['LABOUR'], nationalFields: DUTCH_FIELDS },
        riskAssessment: { level: 'LOW', indicators: ['DEBT'] },
      },
    });

    // The owner reads what was written, so the markers are really there, sealed.
    const owner = await t.gql(n.nlWorker.token, 'query($id: ID!) { subject(id: $id) { consents { formReference withdrawalReason } } }', {
      id: third,
    });
    expect(owner.data.subject.consents[0]).toEqual({
      formReference: expect.stringContaining(used.get('RecordConsentInput.formReference')!),
      withdrawalReason: expect.stringContaining(used.get('WithdrawConsentInput.reason')!),
    });
    expect(markedInDump(await dump(t.dataSource))).toEqual([]);

    for (const person of [subjectId, second, third]) {
      await gql(n.nlWorker.token, 'mutation($input: EraseSubjectInput!) { eraseSubject(input: $input) { subject { id } } }', {
        subjectId: person,
        reason: marker('EraseSubjectInput.reason'),
      });
    }
    expect(markedInDump(await dump(t.dataSource))).toEqual([]);
    expect([...used.keys()].sort()).toEqual([...MARKED].sort());
    const erased = await t.gql(
      n.nlWorker.token,
      'query($id: ID!) { subject(id: $id) { consents { formReference formReferenceRedaction withdrawalReason withdrawalReasonRedaction } } }',
      { id: third },
    );
    expect(erased.data.subject.consents[0]).toEqual({
      formReference: null,
      formReferenceRedaction: 'ERASED',
      withdrawalReason: null,
      withdrawalReasonRedaction: 'ERASED',
    });
  });

  it('seals what an older database kept in clear, and drops what belonged to a person already erased', async () => {
    // A database of its own: the test takes the SealedNotes migration down and up again.
    const fresh = await freshDatabase();
    const old = await TestApp.start(fresh.overrides);
    try {
      const m = await network(old);
      const declined = await submittedReferral(old, m);
      await old.gql(m.huWorker.token, MOVE('declineReferral', 'DeclineReferralInput'), {
        input: { referralId: declined.referralId, expectedVersion: declined.version, reason: 'sealed from the start' },
      });
      const erased = await submittedReferral(old, m);
      await old.gql(m.nlWorker.token, 'mutation($input: EraseSubjectInput!) { eraseSubject(input: $input) { subject { id } } }', {
        input: { subjectId: erased.subjectId, reason: 'asked by the person' },
      });
      const runner = old.dataSource.createQueryRunner();
      await new SealedNotes1765000000000().down(runner);
      // As the service before the migration wrote them.
      const legacy = (label: string) => `${label} ${Math.random().toString(36).slice(2, 10)}`;
      const [reason, note, form, gone] = [legacy('declined'), legacy('event'), legacy('form'), legacy('erased')];
      await runner.query('UPDATE referrals SET status_reason = $2 WHERE id = $1', [declined.referralId, reason]);
      await runner.query(`UPDATE referral_events SET note = $2 WHERE referral_id = $1 AND type = 'DECLINED'`, [declined.referralId, note]);
      await runner.query('UPDATE consents SET form_reference = $2 WHERE id = $1', [declined.consentId, form]);
      await runner.query('UPDATE consents SET withdrawal_reason = $2 WHERE id = $1', [erased.consentId, gone]);
      await new SealedNotes1765000000000().up(runner);
      await runner.release();

      const [{ waiting }] = await old.dataSource.query('SELECT count(*)::int AS waiting FROM notes_to_seal');
      expect(waiting).toBeGreaterThanOrEqual(4);
      expect(await old.app.get(SealedNotesBackfill).run()).toBe(waiting);
      expect(await old.app.get(SealedNotesBackfill).run()).toBe(0);

      const seen = await old.gql(
        m.nlWorker.token,
        `query($id: ID!, $subject: ID!) {
          referral(id: $id) { statusReason events { type note reason } }
          subject(id: $subject) { consents { formReference } } }`,
        { id: declined.referralId, subject: declined.subjectId },
      );
      expect(seen.data.referral.statusReason).toBe(reason);
      expect(seen.data.referral.events.at(-1)).toEqual({ type: 'DECLINED', note: null, reason: note });
      expect(seen.data.subject.consents[0].formReference).toBe(form);
      const text = await dump(old.dataSource, fresh.overrides.DATABASE_URL);
      expect([reason, note, form, gone].filter((value) => text.includes(value))).toEqual([]);
    } finally {
      await old.close();
      await fresh.drop();
    }
  });
});
