import { STATEMENT_COUNT_HEADER } from '../src/database/statement-counter.js';
import { draftInput, network, Network, recordConsent, registerSubject } from './support/referral-fixtures.js';
import { TestApp } from './support/test-app.js';

const LEAN = 'id version';
const FULL = 'id version status reference sender { id name country } receiver { id name country }';

/**
 * A mutation's answer comes from what its own transaction wrote and read: the fields a client selects on the payload
 * (the status, which depends on the consent; sender and receiver) cost no statement after the commit. A read after
 * the commit can fail on its own, and would tell the client SERVICE_UNAVAILABLE for a write that was saved.
 */
describe('what a mutation answers', () => {
  let t: TestApp;
  let n: Network;

  beforeAll(async () => {
    t = await TestApp.start({ RAVOT_COUNT_SQL: 'true' });
    n = await network(t);
  });
  afterAll(() => t.close());

  async function counted(query: string, input: Record<string, unknown>) {
    const response = await t.http
      .post('/graphql')
      .set('content-type', 'application/json')
      .set('authorization', `Bearer ${n.nlWorker.token}`)
      .send({ query, variables: { input } });
    expect(response.body.errors).toBeUndefined();
    return { data: response.body.data, statements: Number(response.headers[STATEMENT_COUNT_HEADER]) };
  }

  async function draftInputs() {
    const subjectId = await registerSubject(t, n.nlWorker);
    const consentId = await recordConsent(t, n.nlWorker, subjectId, { recipientOrganisationIds: [n.hu.organisationId] });
    return draftInput(subjectId, consentId, n.hu.organisationId);
  }

  const create = (selection: string) =>
    `mutation($input: CreateReferralInput!) { createReferral(input: $input) { referral { ${selection} } } }`;
  const submit = (selection: string) =>
    `mutation($input: SubmitReferralInput!) { submitReferral(input: $input) { referral { ${selection} } } }`;

  it('answers status, sender and receiver of a created and a submitted referral without a statement after the commit', async () => {
    const [first, second] = [await draftInputs(), await draftInputs()];
    await counted(create(LEAN), await draftInputs()); // the first request of a token warms what every request shares

    const lean = await counted(create(LEAN), first);
    const full = await counted(create(FULL), second);
    expect(full.data.createReferral.referral).toMatchObject({ status: 'DRAFT', version: 1, receiver: { id: n.hu.organisationId } });
    expect(full.statements).toBe(lean.statements);

    const leanMove = await counted(submit(LEAN), { referralId: lean.data.createReferral.referral.id, expectedVersion: 1 });
    const fullMove = await counted(submit(FULL), { referralId: full.data.createReferral.referral.id, expectedVersion: 1 });
    expect(fullMove.data.submitReferral.referral).toMatchObject({ status: 'SUBMITTED', version: 2, sender: { id: n.nl.organisationId } });
    expect(fullMove.statements).toBe(leanMove.statements);
  });
});
