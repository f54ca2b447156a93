import { STATEMENT_COUNT_HEADER } from '../src/database/statement-counter.js';
import {
  consentTerms,
  DUTCH_FIELDS,
  MOVE,
  network,
  Network,
  REFERRAL_FIELDS,
  draftInput,
  subjectInput,
} from './support/referral-fixtures.js';
import { Party, TestApp } from './support/test-app.js';

const REGISTER_AND_REFER = `mutation($input: RegisterAndReferInput!) {
  registerAndRefer(input: $input) { subject { id pseudonym identity { familyName } } consent { id status } referral { id status version } }
}`;

/**
 * registerAndRefer: the sending case worker's four steps (register, consent, create, submit) as one operation in one
 * transaction. All of it is written or none of it; each part is checked as its own mutation checks it.
 */
describe('registerAndRefer', () => {
  let t: TestApp;
  let n: Network;

  beforeAll(async () => {
    t = await TestApp.start({ RAVOT_COUNT_SQL: 'true' });
    n = await network(t);
  });
  afterAll(async () => {
    await t.close();
    delete process.env.RAVOT_COUNT_SQL;
  });

  const input = (familyName: string, overrides: { consent?: object; referral?: object; submit?: boolean } = {}) => {
    const { subjectId: _s, consentId: _c, ...referral } = draftInput('', '', n.hu.organisationId);
    return {
      subject: subjectInput(familyName),
      consent: { ...consentTerms([n.hu.organisationId]), ...overrides.consent },
      referral: { ...referral, ...overrides.referral },
      ...(overrides.submit !== undefined && { submit: overrides.submit }),
    };
  };

  /** What the Dutch shelter has written: people, consents and referrals (its own rows, read as the database owner). */
  const written = async () => {
    const [row] = await t.dataSource.query(
      `SELECT (SELECT count(*) FROM subjects WHERE organisation_id = $1)::int AS subjects,
              (SELECT count(*) FROM consents WHERE organisation_id = $1)::int AS consents,
              (SELECT count(*) FROM referrals WHERE sender_organisation_id = $1)::int AS referrals,
              (SELECT count(*) FROM personal_records WHERE organisation_id = $1)::int AS records`,
      [n.nl.organisationId],
    );
    return row as Record<string, number>;
  };

  const send = (party: Party, body: object, query = REGISTER_AND_REFER) =>
    t.http
      .post('/graphql')
      .set('authorization', `Bearer ${party.token}`)
      .send({ query, variables: { input: body } });

  it('registers, records the consent, creates and submits in one request; the receiver sees the referral as if made step by step', async () => {
    const response = await send(n.nlWorker, input('Kovács'));
    expect(response.body.errors).toBeUndefined();
    const { subject, consent, referral } = response.body.data.registerAndRefer;
    expect(subject.identity.familyName).toBe('Kovács');
    expect(consent.status).toBe('ACTIVE');
    expect(referral).toMatchObject({ status: 'SUBMITTED', version: 2 });

    const seen = await t.gql(n.huWorker.token, `query($id: ID!) { referral(id: $id) { ${REFERRAL_FIELDS} } }`, { id: referral.id });
    expect(seen.errorCodes).toEqual([]);
    expect(seen.data.referral).toMatchObject({
      status: 'SUBMITTED',
      subject: { pseudonym: subject.pseudonym, identity: { familyName: 'Kovács' } },
      caseHistory: { nationalFields: DUTCH_FIELDS },
      events: [{ type: 'CREATED' }, { type: 'SUBMITTED', toStatus: 'SUBMITTED' }],
    });
    // The receiver hears of it as of any submitted referral.
    const [event] = await t.dataSource.query(`SELECT type FROM outbox_events WHERE referral_id = $1 AND organisation_id = $2`, [
      referral.id,
      n.hu.organisationId,
    ]);
    expect(event?.type).toBe('REFERRAL_RECEIVED');
  });

  it('keeps the referral a draft with submit: false', async () => {
    const response = await send(n.nlWorker, input('Tóth', { submit: false }));
    expect(response.body.data.registerAndRefer.referral).toMatchObject({ status: 'DRAFT', version: 1 });
    const inbox = await t.gql(n.huWorker.token, `query($id: ID!) { referral(id: $id) { id } }`, {
      id: response.body.data.registerAndRefer.referral.id,
    });
    expect(inbox.errorCodes).toEqual(['NOT_FOUND']);
  });

  it('writes nothing when a later step fails, and reports the problem under its part of the input', async () => {
    const before = await written();
    // The Dutch profile requires four national fields; the submission is refused after the person, consent and draft were written.
    const missing = await send(
      n.nlWorker,
      input('Nagy', { referral: { caseHistory: { exploitationTypes: ['LABOUR'], summary: 'x', nationalFields: [] } } }),
    );
    expect(missing.body.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(missing.body.errors[0].extensions.problems.map((p: { path: unknown[] }) => p.path[1])).toEqual(
      expect.arrayContaining(['referral']),
    );
    expect(missing.body.data?.registerAndRefer ?? null).toBeNull();
    expect(await written()).toEqual(before);

    // A national field that is not well formed: the path names it under input.referral.
    const fields = DUTCH_FIELDS.map((field) => (field.key === 'reflectionPeriodStart' ? { ...field, value: 'soon' } : field));
    const malformed = await send(
      n.nlWorker,
      input('Nagy', { referral: { caseHistory: { exploitationTypes: ['LABOUR'], summary: 'x', nationalFields: fields } } }),
    );
    expect(malformed.body.errors[0].extensions.problems[0].path).toEqual([
      'input',
      'referral',
      'caseHistory',
      'nationalFields',
      0,
      'value',
    ]);
    expect(await written()).toEqual(before);

    // A receiver the consent does not name: refused, nothing written.
    const unnamed = await send(n.nlWorker, input('Nagy', { consent: { recipientOrganisationIds: [n.bg.organisationId] } }));
    expect(unnamed.body.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      problems: [{ path: ['input', 'referral'], constraint: 'consentNamesReceiver' }],
    });
    expect(await written()).toEqual(before);
  });

  it('checks each part as its own mutation does: a bad consent field is reported under input.consent', async () => {
    const before = await written();
    const response = await send(n.nlWorker, input('Szabó', { consent: { formReference: '' } }));
    expect(response.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(response.body.errors[0].extensions.problems[0].path).toEqual(['input', 'consent', 'formReference']);
    expect(await written()).toEqual(before);
  });

  it('is for case workers: another role is refused and nothing is written', async () => {
    const analyst = await t.member(n.nl, ['ANALYST']);
    const before = await written();
    const response = await send(analyst, input('Kiss'));
    expect(response.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(await written()).toEqual(before);
  });

  it('runs fewer statements than the four mutations it stands for, asked for the same fields', async () => {
    const ids =
      'mutation($input: RegisterAndReferInput!) { registerAndRefer(input: $input) { subject { id } consent { id } referral { id version } } }';
    const together = await send(n.nlWorker, input('Varga'), ids);
    const one = Number(together.headers[STATEMENT_COUNT_HEADER]);

    const count = async (query: string, variables: object) => {
      const response = await t.http.post('/graphql').set('authorization', `Bearer ${n.nlWorker.token}`).send({ query, variables });
      return { data: response.body.data, statements: Number(response.headers[STATEMENT_COUNT_HEADER]) };
    };
    const body = input('Varga');
    const subject = await count('mutation($input: RegisterSubjectInput!) { registerSubject(input: $input) { subject { id } } }', {
      input: body.subject,
    });
    const subjectId = subject.data.registerSubject.subject.id;
    const consent = await count('mutation($input: RecordConsentInput!) { recordConsent(input: $input) { consent { id } } }', {
      input: { ...body.consent, subjectId },
    });
    const consentId = consent.data.recordConsent.consent.id;
    const draft = await count('mutation($input: CreateReferralInput!) { createReferral(input: $input) { referral { id version } } }', {
      input: { ...body.referral, subjectId, consentId },
    });
    const { id, version } = draft.data.createReferral.referral;
    const submit = await count(MOVE('submitReferral', 'SubmitReferralInput'), { input: { referralId: id, expectedVersion: version } });
    const apart = subject.statements + consent.statements + draft.statements + submit.statements;
    expect(one).toBeGreaterThan(0);
    // Each request has its own token look-up, BEGIN, tenant settings and COMMIT: three requests fewer, 12 statements
    // fewer; and the later steps read back none of what the earlier ones wrote (the person three times, the consent,
    // the referral, the records twice): 7 fewer again.
    expect(one).toBeLessThanOrEqual(apart - 12 - 7);
  });
});
