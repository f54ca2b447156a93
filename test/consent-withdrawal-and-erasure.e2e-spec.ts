import { MOVE, network, Network, REFERRAL_FIELDS, registerSubject, submittedReferral } from './support/referral-fixtures.js';
import { TestApp } from './support/test-app.js';

const REFERRAL = `query($id: ID!) { referral(id: $id) { ${REFERRAL_FIELDS} messages { body bodyRedaction } } }`;
const WITHDRAW = 'mutation($input: WithdrawConsentInput!) { withdrawConsent(input: $input) { consent { status withdrawnAt } } }';
const ERASE = 'mutation($input: EraseSubjectInput!) { eraseSubject(input: $input) { subject { erasedAt } } }';

describe('withdrawal of consent and erasure of a person', () => {
  let t: TestApp;
  let n: Network;

  beforeAll(async () => {
    t = await TestApp.start();
    n = await network(t);
  });
  afterAll(() => t.close());

  it("hides the data from the receiver's very next request, stops the referral, and tells both sides", async () => {
    const { referralId, consentId, version } = await submittedReferral(t, n);
    await t.gql(n.huWorker.token, MOVE('acceptReferral', 'AcceptReferralInput'), { input: { referralId, expectedVersion: version } });
    await t.gql(n.nlWorker.token, 'mutation($input: SendReferralMessageInput!) { sendReferralMessage(input: $input) { message { id } } }', {
      input: { referralId, body: 'Her brother will be at the airport too.' },
    });
    const before = (await t.gql(n.huWorker.token, REFERRAL, { id: referralId })).data.referral;
    expect(before.subject.identity.familyName).toBe('Kovács');
    expect(before.messages[0].body).toBe('Her brother will be at the airport too.');

    const withdrawn = await t.gql(n.nlWorker.token, WITHDRAW, { input: { consentId, reason: 'She changed her mind about the return' } });
    expect(withdrawn.data.withdrawConsent?.consent.status).toBe('WITHDRAWN');

    const after = (await t.gql(n.huWorker.token, REFERRAL, { id: referralId })).data.referral;
    expect(after.status).toBe('CONSENT_WITHDRAWN');
    expect(after.subject.identity).toBeNull();
    expect(after.subject.contact).toBeNull();
    expect(after.needs).toBeNull();
    expect(after.caseHistory).toBeNull();
    expect(after.returnPlan).toBeNull();
    expect(after.subject.redactions).toEqual(
      expect.arrayContaining([
        { field: 'identity', reason: 'CONSENT_WITHDRAWN' },
        { field: 'contact', reason: 'CONSENT_WITHDRAWN' },
      ]),
    );
    expect(after.redactions).toEqual(expect.arrayContaining([{ field: 'needs', reason: 'CONSENT_WITHDRAWN' }]));
    expect(after.messages).toEqual([{ body: null, bodyRedaction: 'CONSENT_WITHDRAWN' }]);
    // The risk to the person's safety is still the receiver's to know.
    expect(after.riskAssessment.level).toBe('HIGH');

    for (const worker of [n.nlWorker, n.huWorker]) {
      const events = (await t.gql(worker.token, REFERRAL, { id: referralId })).data.referral.events;
      expect(events.at(-1)).toMatchObject({ type: 'CONSENT_WITHDRAWN', fromStatus: 'ACCEPTED', toStatus: 'CONSENT_WITHDRAWN' });
    }
    const arrival = await t.gql(n.huWorker.token, MOVE('recordArrival', 'RecordArrivalInput'), {
      input: { referralId, expectedVersion: version + 2, arrivedOn: '2026-01-01' },
    });
    expect(arrival.errorCodes).toEqual(['CONFLICT']);
    expect((await t.gql(n.nlWorker.token, WITHDRAW, { input: { consentId, reason: 'Again' } })).errorCodes).toEqual(['CONFLICT']);
  });

  it("lets only the owner withdraw a consent; the receiver's attempt is NOT_FOUND and changes nothing", async () => {
    const { consentId } = await submittedReferral(t, n);
    expect((await t.gql(n.huWorker.token, WITHDRAW, { input: { consentId, reason: 'Not mine to withdraw' } })).errorCodes).toEqual([
      'NOT_FOUND',
    ]);
    const [row] = await t.dataSource.query('SELECT withdrawn_at FROM consents WHERE id = $1', [consentId]);
    expect(row.withdrawn_at).toBeNull();
  });

  it('erases a person: every copy of their data becomes unreadable at once, the facts for statistics remain', async () => {
    const { referralId, subjectId } = await submittedReferral(t, n);
    expect((await t.gql(n.huWorker.token, ERASE, { input: { subjectId, reason: 'Request of the person' } })).errorCodes).toEqual([
      'NOT_FOUND',
    ]);

    const erased = await t.gql(n.nlWorker.token, ERASE, { input: { subjectId, reason: 'Request of the person' } });
    expect(erased.data.eraseSubject?.subject.erasedAt).not.toBeNull();

    const owner = await t.gql(
      n.nlWorker.token,
      'query($id: ID!) { subject(id: $id) { identity { familyName } health { notes } redactions { field reason } } }',
      { id: subjectId },
    );
    expect(owner.data.subject).toEqual({
      identity: null,
      health: null,
      redactions: [
        { field: 'identity', reason: 'ERASED' },
        { field: 'contact', reason: 'ERASED' },
        { field: 'health', reason: 'ERASED' },
      ],
    });
    const receiver = (await t.gql(n.huWorker.token, REFERRAL, { id: referralId })).data.referral;
    expect(receiver.status).toBe('CONSENT_WITHDRAWN');
    expect(receiver.subject.identity).toBeNull();
    expect(receiver.riskAssessment).toBeNull();
    expect(receiver.redactions).toEqual(expect.arrayContaining([{ field: 'riskAssessment', reason: 'ERASED' }]));

    expect(await t.dataSource.query('SELECT * FROM subject_keys WHERE subject_id = $1', [subjectId])).toEqual([]);
    const [facts] = await t.dataSource.query(
      'SELECT r.exploitation_types, r.sender_country, r.receiver_country, r.age_band, s.gender, s.nationality FROM referrals r JOIN subjects s ON s.id = r.subject_id WHERE r.id = $1',
      [referralId],
    );
    expect(facts).toEqual({
      exploitation_types: ['LABOUR'],
      sender_country: 'NL',
      receiver_country: 'HU',
      age_band: '25-34',
      gender: 'FEMALE',
      nationality: 'HU',
    });
    expect((await t.gql(n.nlWorker.token, ERASE, { input: { subjectId, reason: 'Twice' } })).errorCodes).toEqual(['CONFLICT']);
  });

  it('keeps no personal value in clear anywhere in the database', async () => {
    const marker = `Vöröskéry${Date.now()}`;
    const subjectId = await registerSubject(t, n.nlWorker, marker);
    const { referralId } = await submittedReferral(t, n);
    await t.gql(n.nlWorker.token, 'mutation($input: SendReferralMessageInput!) { sendReferralMessage(input: $input) { message { id } } }', {
      input: { referralId, body: `Message about ${marker}` },
    });
    expect(subjectId).toBeTruthy();
    const tables: { tablename: string }[] = await t.dataSource.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`);
    let scanned = 0;
    for (const { tablename } of tables) {
      const rows: { row: string }[] = await t.dataSource.query(`SELECT t::text AS row FROM "${tablename}" t`);
      scanned += rows.length;
      for (const { row } of rows) {
        expect({ tablename, leaks: row.includes(marker) || row.includes('Diabetes') || row.includes('+36 30 123 4567') }).toEqual({
          tablename,
          leaks: false,
        });
      }
    }
    expect(scanned).toBeGreaterThan(20);
  });
});
