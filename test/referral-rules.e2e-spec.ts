import { randomUUID } from 'node:crypto';
import {
  createDraft,
  draftInput,
  MOVE,
  network,
  Network,
  recordConsent,
  REFERRAL_FIELDS,
  registerSubject,
  submittedReferral,
} from './support/referral-fixtures.js';
import { TestApp } from './support/test-app.js';

const REFERRAL = `query($id: ID!) { referral(id: $id) { ${REFERRAL_FIELDS} } }`;
const ACCEPT = MOVE('acceptReferral', 'AcceptReferralInput');
const SUBMIT = MOVE('submitReferral', 'SubmitReferralInput');

describe('the rules of a referral', () => {
  let t: TestApp;
  let n: Network;

  beforeAll(async () => {
    t = await TestApp.start();
    n = await network(t);
  });
  afterAll(() => t.close());

  const statusOf = async (referralId: string) =>
    (await t.dataSource.query('SELECT status, version FROM referrals WHERE id = $1', [referralId]))[0];

  it('shows a third organisation nothing: the referral and the person are NOT_FOUND, as an unknown id would be', async () => {
    const { referralId, subjectId, version } = await submittedReferral(t, n);
    const unknown = randomUUID();
    for (const id of [referralId, unknown]) {
      const read = await t.gql(n.bgWorker.token, REFERRAL, { id });
      expect({ id, codes: read.errorCodes, message: read.body.errors![0].message }).toEqual({
        id,
        codes: ['NOT_FOUND'],
        message: 'Referral was not found.',
      });
    }
    expect((await t.gql(n.bgWorker.token, 'query($id: ID!) { subject(id: $id) { id } }', { id: subjectId })).errorCodes).toEqual([
      'NOT_FOUND',
    ]);
    expect((await t.gql(n.bgWorker.token, ACCEPT, { input: { referralId, expectedVersion: version } })).errorCodes).toEqual(['NOT_FOUND']);
    const inbox = await t.gql(n.bgWorker.token, '{ referrals(box: INBOX) { edges { node { id } } } }');
    expect(inbox.data.referrals.edges).toEqual([]);
    // Nor does the receiver reach the person directly, outside the referral.
    expect((await t.gql(n.huWorker.token, 'query($id: ID!) { subject(id: $id) { id } }', { id: subjectId })).errorCodes).toEqual([
      'NOT_FOUND',
    ]);
    expect(await statusOf(referralId)).toEqual({ status: 'SUBMITTED', version });
  });

  it('keeps referrals and people from members without the case-worker role', async () => {
    const { referralId } = await submittedReferral(t, n);
    const analyst = await t.member(n.nl, ['ANALYST']);
    expect((await t.gql(analyst.token, REFERRAL, { id: referralId })).errorCodes).toEqual(['FORBIDDEN']);
    expect((await t.gql(n.nl.token, REFERRAL, { id: referralId })).errorCodes).toEqual(['FORBIDDEN']);
    const register = await t.gql(
      analyst.token,
      'mutation($input: RegisterSubjectInput!) { registerSubject(input: $input) { subject { id } } }',
      {
        input: { nationality: 'HU', countryOfReturn: 'HU', identity: { givenNames: 'A', familyName: 'B', gender: 'MALE' } },
      },
    );
    expect(register.errorCodes).toEqual(['FORBIDDEN']);
  });

  it('refuses a change based on a stale version with CONFLICT, and changes nothing', async () => {
    const { referralId, version } = await submittedReferral(t, n);
    const stale = await t.gql(n.huWorker.token, ACCEPT, { input: { referralId, expectedVersion: version - 1 } });
    expect(stale.errorCodes).toEqual(['CONFLICT']);
    expect(stale.body.errors![0].message).toMatch(/version 2, not 1/);
    expect(await statusOf(referralId)).toEqual({ status: 'SUBMITTED', version });
  });

  it('refuses an illegal transition with a CONFLICT that names the current state', async () => {
    const { referralId, version } = await submittedReferral(t, n);
    await t.gql(n.huWorker.token, ACCEPT, { input: { referralId, expectedVersion: version } });
    const again = await t.gql(n.huWorker.token, ACCEPT, { input: { referralId, expectedVersion: version + 1 } });
    expect(again.errorCodes).toEqual(['CONFLICT']);
    expect(again.body.errors![0].message).toBe('The referral is ACCEPTED: it cannot be accepted now.');
  });

  it('lets each side make only its own moves', async () => {
    const { referralId, version } = await submittedReferral(t, n);
    expect((await t.gql(n.nlWorker.token, ACCEPT, { input: { referralId, expectedVersion: version } })).errorCodes).toEqual(['FORBIDDEN']);
    const cancel = MOVE('cancelReferral', 'CancelReferralInput');
    expect(
      (await t.gql(n.huWorker.token, cancel, { input: { referralId, expectedVersion: version, reason: 'Not ours' } })).errorCodes,
    ).toEqual(['FORBIDDEN']);
    const edit = 'mutation($input: UpdateReferralDraftInput!) { updateReferralDraft(input: $input) { referral { id } } }';
    expect((await t.gql(n.huWorker.token, edit, { input: { referralId, expectedVersion: version, needs: [] } })).errorCodes).toEqual([
      'FORBIDDEN',
    ]);
    expect(await statusOf(referralId)).toEqual({ status: 'SUBMITTED', version });
  });

  it('lets exactly one of two case workers win when they accept and decline at the same moment', async () => {
    const { referralId, version } = await submittedReferral(t, n);
    const colleague = await t.member(n.hu, ['CASE_WORKER']);
    const [accept, decline] = await Promise.all([
      t.gql(n.huWorker.token, ACCEPT, { input: { referralId, expectedVersion: version } }),
      t.gql(colleague.token, MOVE('declineReferral', 'DeclineReferralInput'), {
        input: { referralId, expectedVersion: version, reason: 'No capacity' },
      }),
    ]);
    const outcomes = [accept.errorCodes, decline.errorCodes].map((codes) => codes.join() || 'OK').sort();
    expect(outcomes).toEqual(['CONFLICT', 'OK']);
    const final = await statusOf(referralId);
    expect(final.version).toBe(version + 1);
    expect(final.status).toBe(accept.errorCodes.length === 0 ? 'ACCEPTED' : 'DECLINED');
  });

  it('declines with a reason that both sides see', async () => {
    const { referralId, version } = await submittedReferral(t, n);
    const declined = await t.gql(
      n.huWorker.token,
      'mutation($input: DeclineReferralInput!) { declineReferral(input: $input) { referral { status statusReason } } }',
      {
        input: { referralId, expectedVersion: version, reason: 'No shelter place in that region before January' },
      },
    );
    expect(declined.data.declineReferral?.referral).toEqual({
      status: 'DECLINED',
      statusReason: 'No shelter place in that region before January',
    });
    const seen = await t.gql(
      n.nlWorker.token,
      'query($id: ID!) { referral(id: $id) { status statusReason events { type note reason reasonRedaction } } }',
      { id: referralId },
    );
    expect(seen.data.referral.statusReason).toBe('No shelter place in that region before January');
    expect(seen.data.referral.events.at(-1)).toEqual({
      type: 'DECLINED',
      note: null,
      reason: 'No shelter place in that region before January',
      reasonRedaction: null,
    });
  });

  it('creates one referral for a retried create with the same idempotency key, even at the same moment', async () => {
    const subjectId = await registerSubject(t, n.nlWorker);
    const consentId = await recordConsent(t, n.nlWorker, subjectId, { recipientOrganisationIds: [n.hu.organisationId] });
    const input = draftInput(subjectId, consentId, n.hu.organisationId, { idempotencyKey: `retry-${randomUUID()}` });
    const create = 'mutation($input: CreateReferralInput!) { createReferral(input: $input) { referral { id reference } } }';
    const burst = await Promise.all([1, 2, 3].map(() => t.gql(n.nlWorker.token, create, { input })));
    const later = await t.gql(n.nlWorker.token, create, { input });
    const ids = new Set([...burst, later].map((result) => result.data.createReferral?.referral?.id));
    expect(ids.size).toBe(1);
    expect(await t.dataSource.query('SELECT id FROM referrals WHERE subject_id = $1', [subjectId])).toHaveLength(1);
  });

  it('answers a retried submit with the same key with the submitted referral instead of an error', async () => {
    const subjectId = await registerSubject(t, n.nlWorker);
    const consentId = await recordConsent(t, n.nlWorker, subjectId, { recipientOrganisationIds: [n.hu.organisationId] });
    const draft = await createDraft(t, n.nlWorker, draftInput(subjectId, consentId, n.hu.organisationId));
    const input = { referralId: draft.id, expectedVersion: 1, idempotencyKey: `submit-${randomUUID()}` };
    const first = await t.gql(n.nlWorker.token, SUBMIT, { input });
    const retry = await t.gql(n.nlWorker.token, SUBMIT, { input });
    expect(retry.data.submitReferral?.referral).toEqual(first.data.submitReferral?.referral);
    expect(await statusOf(draft.id)).toEqual({ status: 'SUBMITTED', version: 2 });
  });

  it('lists everything that stops a submission in one BAD_USER_INPUT, and submits nothing', async () => {
    const subjectId = await registerSubject(t, n.nlWorker, 'Kovács', 'HU');
    const consentId = await recordConsent(t, n.nlWorker, subjectId, {
      recipientOrganisationIds: [n.bg.organisationId],
      purposes: ['REINTEGRATION_SUPPORT'],
    });
    const draft = await createDraft(
      t,
      n.nlWorker,
      draftInput(subjectId, consentId, n.bg.organisationId, {
        caseHistory: { exploitationTypes: ['SEXUAL'], nationalFields: [{ key: 'cooperatedWithPolice', value: 'true' }] },
        riskAssessment: undefined,
      }),
    );
    const result = await t.gql(n.nlWorker.token, SUBMIT, { input: { referralId: draft.id, expectedVersion: 1 } });
    expect(result.errorCodes).toEqual(['BAD_USER_INPUT']);
    const problems: { path: unknown[]; constraint: string; message: string }[] = result.body.errors![0].extensions!.problems;
    expect(problems.map(({ constraint, message }) => ({ constraint, message }))).toEqual(
      expect.arrayContaining([
        { constraint: 'consentCoversReturnAssistance', message: 'the consent does not cover RETURN_ASSISTANCE' },
        { constraint: 'receiverInCountryOfReturn', message: expect.stringMatching(/is in BG, but the person returns to HU/) },
        { constraint: 'riskAssessmentRequired', message: 'a risk assessment is required' },
        { constraint: 'partnerProfileRequires', message: 'reflectionPeriodStart is required for a referral from NL' },
        { constraint: 'partnerProfileRequires', message: 'reflectionPeriodEnd is required for a referral from NL' },
        { constraint: 'partnerProfileRequires', message: 'residenceStatus is required for a referral from NL' },
      ]),
    );
    expect(new Set(problems.map((problem) => JSON.stringify(problem.path)))).toEqual(new Set(['["input"]']));
    expect(await statusOf(draft.id)).toEqual({ status: 'DRAFT', version: 1 });
  });

  it('refuses to submit under a consent that does not name the receiver', async () => {
    const subjectId = await registerSubject(t, n.nlWorker);
    const consentId = await recordConsent(t, n.nlWorker, subjectId, { recipientOrganisationIds: [n.bg.organisationId] });
    const draft = await createDraft(t, n.nlWorker, draftInput(subjectId, consentId, n.hu.organisationId));
    const result = await t.gql(n.nlWorker.token, SUBMIT, { input: { referralId: draft.id, expectedVersion: 1 } });
    expect(result.body.errors![0].extensions!.problems).toEqual([
      {
        path: ['input'],
        constraint: 'consentNamesReceiver',
        message: expect.stringMatching(/^the consent does not name .* as a recipient$/),
      },
    ]);
  });

  it('refuses to submit under an expired consent, and reads an expired one as withdrawn', async () => {
    const subjectId = await registerSubject(t, n.nlWorker);
    const consentId = await recordConsent(t, n.nlWorker, subjectId, { recipientOrganisationIds: [n.hu.organisationId] });
    const draft = await createDraft(t, n.nlWorker, draftInput(subjectId, consentId, n.hu.organisationId));
    await t.dataSource.query(`UPDATE consents SET expires_at = now() - interval '1 minute' WHERE id = $1`, [consentId]);
    const result = await t.gql(n.nlWorker.token, SUBMIT, { input: { referralId: draft.id, expectedVersion: 1 } });
    expect(result.body.errors![0].extensions!.problems).toEqual([
      { path: ['input'], constraint: 'consentActive', message: 'the consent is expired' },
    ]);

    const submitted = await submittedReferral(t, n);
    // Expiry needs no job: the moment passes, and the next read sees it.
    await t.dataSource.query(`UPDATE consents SET expires_at = now() - interval '1 second' WHERE id = $1`, [submitted.consentId]);
    const seen = (await t.gql(n.huWorker.token, REFERRAL, { id: submitted.referralId })).data.referral;
    expect(seen.status).toBe('CONSENT_WITHDRAWN');
    expect(seen.subject.identity).toBeNull();
    expect(seen.subject.redactions).toEqual(expect.arrayContaining([{ field: 'identity', reason: 'CONSENT_EXPIRED' }]));
    expect(seen.riskAssessment.legalBasis).toBe('VITAL_INTEREST');
    expect(
      (await t.gql(n.huWorker.token, ACCEPT, { input: { referralId: submitted.referralId, expectedVersion: submitted.version } }))
        .errorCodes,
    ).toEqual(['CONFLICT']);
  });

  it('rejects a consent in a language the sender’s country profile does not offer, and one for an unknown organisation', async () => {
    const subjectId = await registerSubject(t, n.nlWorker);
    const result = await t.gql(
      n.nlWorker.token,
      'mutation($input: RecordConsentInput!) { recordConsent(input: $input) { consent { id } } }',
      {
        input: {
          subjectId,
          recipientOrganisationIds: [randomUUID()],
          purposes: ['RETURN_ASSISTANCE'],
          categories: ['IDENTITY'],
          givenAt: new Date().toISOString(),
          language: 'yo',
          interpreterPresent: false,
          formReference: 'F-1',
        },
      },
    );
    expect(result.errorCodes).toEqual(['BAD_USER_INPUT']);
    expect(result.body.errors![0].extensions!.problems).toEqual([
      {
        path: ['input', 'recipientOrganisationIds', 0],
        constraint: 'networkOrganisation',
        message: expect.stringMatching(/is not an organisation of the network/),
      },
      {
        path: ['input', 'language'],
        constraint: 'partnerProfileRequires',
        message: expect.stringMatching(/^language must be one a consent can be given in under the NL profile/),
      },
    ]);
    expect(await t.dataSource.query('SELECT id FROM consents WHERE subject_id = $1', [subjectId])).toEqual([]);
  });

  it('rejects malformed national fields already in the draft', async () => {
    const subjectId = await registerSubject(t, n.nlWorker);
    const consentId = await recordConsent(t, n.nlWorker, subjectId, { recipientOrganisationIds: [n.hu.organisationId] });
    const result = await t.gql(
      n.nlWorker.token,
      'mutation($input: CreateReferralInput!) { createReferral(input: $input) { referral { id } } }',
      {
        input: draftInput(subjectId, consentId, n.hu.organisationId, {
          caseHistory: {
            exploitationTypes: [],
            nationalFields: [
              { key: 'cooperatedWithPolice', value: 'maybe' },
              { key: 'shoeSize', value: '42' },
            ],
          },
        }),
      },
    );
    expect(result.body.errors![0].extensions!.problems).toEqual([
      {
        path: ['input', 'caseHistory', 'nationalFields', 1, 'key'],
        constraint: 'partnerProfileUnknownField',
        message: 'shoeSize is not a field of a referral from NL',
      },
      {
        path: ['input', 'caseHistory', 'nationalFields', 0, 'value'],
        constraint: 'partnerProfileFieldType',
        message: 'cooperatedWithPolice must be true or false',
      },
    ]);
    expect(await t.dataSource.query('SELECT id FROM referrals WHERE subject_id = $1', [subjectId])).toEqual([]);
  });
});
