import { FOLLOW_UP_REPORT, today } from './support/party-records.js';
import { MOVE, network, Network, submittedReferral } from './support/referral-fixtures.js';
import { TestApp } from './support/test-app.js';

const SUBMIT = 'mutation($input: SubmitFollowUpInput!) { submitFollowUp(input: $input) { followUp { id status } } }';
const STATUS = 'query($id: ID!) { referral(id: $id) { status followUps { sequence status } } }';
const ALL_PURPOSES = ['RETURN_ASSISTANCE', 'REINTEGRATION_SUPPORT', 'FOLLOW_UP_REPORTING'];

/**
 * One receiving organisation reporting on many people at once (bench:writes, one busy organisation) used to end
 * a third of its reports in deadlocks. On a server with many connections the reports below run at once (before the
 * fix, this failed in two of three runs); on the embedded database (one connection) one after another, where the
 * test shows only that they all succeed.
 */
describe('follow-up reports of one organisation, at once', () => {
  let t: TestApp;
  let n: Network;

  beforeAll(async () => {
    t = await TestApp.start();
    n = await network(t);
  });
  afterAll(() => t.close());

  async function returned(): Promise<{ referralId: string; followUpIds: string[] }> {
    const referral = await submittedReferral(t, n, { purposes: ALL_PURPOSES, givenAt: new Date(Date.now() - 60_000).toISOString() });
    await t.gql(n.huWorker.token, MOVE('acceptReferral', 'AcceptReferralInput'), {
      input: { referralId: referral.referralId, expectedVersion: referral.version },
    });
    await t.gql(n.huWorker.token, MOVE('recordArrival', 'RecordArrivalInput'), {
      input: { referralId: referral.referralId, expectedVersion: referral.version + 1, arrivedOn: today() },
    });
    const seen = (
      await t.gql(n.huWorker.token, 'query($id: ID!) { referral(id: $id) { followUps { id sequence } } }', { id: referral.referralId })
    ).data.referral;
    const bySequence = [...seen.followUps].sort((a: any, b: any) => a.sequence - b.sequence);
    return { referralId: referral.referralId, followUpIds: bySequence.map((f: any) => f.id) };
  }

  it('all succeed, first reports and later ones mixed, with none lost to a deadlock', async () => {
    // A later report locks the IN_REINTEGRATION cell and waits for the chain; a first report holds the chain and, moving
    // its referral from RETURNED into IN_REINTEGRATION, needs that cell: the mix that deadlocked.
    const inReintegration = [];
    const justReturned = [];
    for (let i = 0; i < 5; i++) inReintegration.push(await returned());
    for (let i = 0; i < 5; i++) justReturned.push(await returned());
    for (const c of inReintegration) {
      const first = await t.gql(n.huWorker.token, SUBMIT, { input: { followUpId: c.followUpIds[0], report: FOLLOW_UP_REPORT } });
      expect(first.errorCodes).toEqual([]);
    }
    const reports = [...inReintegration.map((c) => c.followUpIds[1]), ...justReturned.map((c) => c.followUpIds[0])];
    const answers = await Promise.all(
      reports.map((followUpId) => t.gql(n.huWorker.token, SUBMIT, { input: { followUpId, report: FOLLOW_UP_REPORT } })),
    );
    expect(answers.flatMap((answer) => answer.errorCodes)).toEqual([]);
    for (const c of [...inReintegration, ...justReturned]) {
      const referral = (await t.gql(n.huWorker.token, STATUS, { id: c.referralId })).data.referral;
      expect(referral.status).toBe('IN_REINTEGRATION');
    }
  });
});
