import { randomUUID } from 'node:crypto';
import { DUTCH_FIELDS, draftInput, network, Network, recordConsent, registerSubject } from './support/referral-fixtures.js';
import { TestApp } from './support/test-app.js';

const CREATE = 'mutation($input: CreateReferralInput!) { createReferral(input: $input) { referral { id } } }';

interface Problem {
  path: (string | number)[];
  constraint: string;
  message: string;
}

/** One shape for every BAD_USER_INPUT: `extensions.problems`, each with a path from the argument, a rule and a message. */
describe('input problems', () => {
  let t: TestApp;
  let n: Network;

  beforeAll(async () => {
    t = await TestApp.start();
    n = await network(t);
  });
  afterAll(() => t.close());

  const referralsOf = async (subjectId: string) => t.dataSource.query('SELECT id FROM referrals WHERE subject_id = $1', [subjectId]);

  it('answers every broken rule at once, each at its nested path, and writes nothing', async () => {
    const subjectId = await registerSubject(t, n.nlWorker);
    const consentId = await recordConsent(t, n.nlWorker, subjectId, { recipientOrganisationIds: [n.hu.organisationId] });
    const nationalFields = [{ key: '', value: 'x' }, DUTCH_FIELDS[1], { key: 'residenceStatus', value: 'x'.repeat(2001) }];
    const result = await t.gql(n.nlWorker.token, CREATE, {
      input: draftInput(subjectId, consentId, n.hu.organisationId, { caseHistory: { exploitationTypes: [], nationalFields } }),
    });
    expect(result.errorCodes).toEqual(['BAD_USER_INPUT']);
    const error = result.body.errors![0];
    const problems: Problem[] = error.extensions!.problems;
    expect(problems.map(({ path, constraint }) => ({ path, constraint }))).toEqual([
      { path: ['input', 'caseHistory', 'nationalFields', 0, 'key'], constraint: 'isLength' },
      { path: ['input', 'caseHistory', 'nationalFields', 2, 'value'], constraint: 'maxLength' },
    ]);
    for (const problem of problems) expect(error.message).toContain(problem.message);
    expect(Object.keys(error.extensions!).sort()).toEqual(['code', 'problems']);
    expect(await referralsOf(subjectId)).toEqual([]);
  });

  it("answers the partner profile's rules in the same shape, at the national field they concern", async () => {
    const subjectId = await registerSubject(t, n.nlWorker);
    const consentId = await recordConsent(t, n.nlWorker, subjectId, { recipientOrganisationIds: [n.hu.organisationId] });
    const nationalFields = [DUTCH_FIELDS[0], { key: 'reflectionPeriodEnd', value: '2025-01-01' }];
    const result = await t.gql(n.nlWorker.token, CREATE, {
      input: draftInput(subjectId, consentId, n.hu.organisationId, { caseHistory: { exploitationTypes: [], nationalFields } }),
    });
    expect(result.body.errors![0].extensions!.problems).toEqual([
      {
        path: ['input', 'caseHistory', 'nationalFields', 1, 'value'],
        constraint: 'partnerProfileRule',
        message: 'reflectionPeriodEnd must not be before reflectionPeriodStart',
      },
    ]);
    expect(await referralsOf(subjectId)).toEqual([]);
  });

  it('gives a value GraphQL itself refuses the same shape, with the path of the variable', async () => {
    const subjectId = await registerSubject(t, n.nlWorker);
    const consentId = await recordConsent(t, n.nlWorker, subjectId, { recipientOrganisationIds: [n.hu.organisationId] });
    const input = draftInput(subjectId, consentId, n.hu.organisationId, { riskAssessment: { level: 'EXTREME', indicators: [] } });
    const result = await t.gql(n.nlWorker.token, CREATE, { input });
    expect(result.errorCodes).toEqual(['BAD_USER_INPUT']);
    expect(result.body.errors![0].extensions!.problems).toEqual([
      { path: ['input', 'riskAssessment', 'level'], constraint: 'graphqlType', message: result.body.errors![0].message },
    ]);
    expect(await referralsOf(subjectId)).toEqual([]);
  });

  it('names the argument of a single id, and the field of a rule only the service knows', async () => {
    const read = await t.gql(n.nlWorker.token, 'query($id: ID!) { referral(id: $id) { id } }', { id: 'not-an-id' });
    expect(read.body.errors![0].extensions!.problems).toEqual([{ path: ['id'], constraint: 'isUuid', message: 'id must be an id.' }]);

    const subjectId = await registerSubject(t, n.nlWorker);
    const consentId = await recordConsent(t, n.nlWorker, subjectId, { recipientOrganisationIds: [n.hu.organisationId] });
    const own = await t.gql(n.nlWorker.token, CREATE, { input: draftInput(subjectId, consentId, n.nl.organisationId) });
    expect(own.body.errors![0].extensions!.problems).toEqual([
      { path: ['input', 'receiverOrganisationId'], constraint: 'notOwnOrganisation', message: expect.any(String) },
    ]);
    const foreign = await t.gql(n.nlWorker.token, CREATE, { input: draftInput(subjectId, randomUUID(), n.hu.organisationId) });
    expect(foreign.errorCodes).toEqual(['NOT_FOUND']);
    expect(await referralsOf(subjectId)).toEqual([]);
  });
});
