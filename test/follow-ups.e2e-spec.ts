import { addDays, addMonths } from '../src/follow-ups/follow-up-status.js';
import { ManualClock } from './support/manual-clock.js';
import { MOVE, network, Network, submittedReferral } from './support/referral-fixtures.js';
import { TestApp } from './support/test-app.js';

// Ahead of the real date, so that consents recorded now are in force on every day the test visits.
const YEAR = new Date().getUTCFullYear() + 1;
const ALL_PURPOSES = ['RETURN_ASSISTANCE', 'REINTEGRATION_SUPPORT', 'FOLLOW_UP_REPORTING'];
const FOLLOW_UPS = `query($id: ID!) { referral(id: $id) { status version flags
  followUps { id sequence dueOn status carriesReintegrationPlan report { version submittedAt content { economicScore narrative reintegrationPlan } contentRedaction } }
  reintegrationProgress { dimension points { dueOn score } } } }`;
const SUBMIT = 'mutation($input: SubmitFollowUpInput!) { submitFollowUp(input: $input) { followUp { id status submittedAt } } }';

const report = (score: number, extra: Record<string, unknown> = {}) => ({
  economicScore: score,
  socialScore: score,
  psychosocialScore: Math.min(5, score + 1),
  safetyLevel: 'LOW',
  riskIndicators: [],
  servicesDelivered: [{ serviceType: 'EMPLOYMENT', deliveredOn: '2026-01-01' }],
  personView: 'Glad to be home with my son.',
  narrative: `Visit ${score}: working in a bakery, housing stable.`,
  ...extra,
});

describe('reintegration follow-ups over a year after return', () => {
  const clock = new ManualClock();
  let t: TestApp;
  let n: Network;

  beforeAll(async () => {
    t = await TestApp.start({}, { clock });
    n = await network(t);
  });
  afterAll(() => t.close());

  /** A referral accepted and returned today, under a consent with the given purposes. */
  async function returned(purposes = ALL_PURPOSES) {
    const referral = await submittedReferral(t, n, { purposes, givenAt: new Date(clock.now().getTime() - 60_000).toISOString() });
    await t.gql(n.huWorker.token, MOVE('acceptReferral', 'AcceptReferralInput'), {
      input: { referralId: referral.referralId, expectedVersion: referral.version },
    });
    const arrived = await t.gql(n.huWorker.token, MOVE('recordArrival', 'RecordArrivalInput'), {
      input: { referralId: referral.referralId, expectedVersion: referral.version + 1, arrivedOn: clock.today() },
    });
    expect(arrived.errorCodes).toEqual([]);
    return { ...referral, arrivedOn: clock.today() };
  }
  const view = async (token: string, id: string) => (await t.gql(token, FOLLOW_UPS, { id })).data.referral;

  it('runs a scripted year: on time, corrected, late, missed, escalated and closed', async () => {
    clock.setDay(`${YEAR}-01-31`);
    const { referralId } = await returned();
    let seen = await view(n.huWorker.token, referralId);
    expect(seen.followUps.map((f: any) => [f.sequence, f.dueOn, f.status, f.carriesReintegrationPlan])).toEqual([
      [1, addMonths(`${YEAR}-01-31`, 1), 'UPCOMING', true],
      [2, `${YEAR}-04-30`, 'UPCOMING', false],
      [3, `${YEAR}-07-31`, 'UPCOMING', false],
      [4, `${YEAR + 1}-01-31`, 'UPCOMING', false],
    ]);
    const [first, second, third, fourth] = seen.followUps;

    clock.setDay(`${YEAR}-02-20`);
    expect((await view(n.huWorker.token, referralId)).followUps[0].status).toBe('DUE');
    const noPlan = await t.gql(n.huWorker.token, SUBMIT, { input: { followUpId: first.id, report: report(2) } });
    expect(noPlan.errorCodes).toEqual(['BAD_USER_INPUT']);
    const onTime = await t.gql(n.huWorker.token, SUBMIT, {
      input: { followUpId: first.id, report: report(2, { reintegrationPlan: 'Housing, then a job.' }) },
    });
    expect(onTime.data.submitFollowUp?.followUp.status).toBe('SUBMITTED');
    seen = await view(n.nlWorker.token, referralId);
    expect(seen.status).toBe('IN_REINTEGRATION');
    expect(seen.followUps[0].report.content).toEqual({
      economicScore: 2,
      narrative: 'Visit 2: working in a bakery, housing stable.',
      reintegrationPlan: 'Housing, then a job.',
    });

    clock.advanceDays(3);
    const corrected = await t.gql(
      n.huWorker.token,
      'mutation($input: CorrectFollowUpReportInput!) { correctFollowUpReport(input: $input) { followUp { id reportHistory { version supersededAt } } } }',
      {
        input: { followUpId: first.id, report: report(3, { reintegrationPlan: 'Housing, then a job, then training.' }) },
      },
    );
    expect(corrected.data.correctFollowUpReport?.followUp.reportHistory.map((r: any) => [r.version, r.supersededAt !== null])).toEqual([
      [2, false],
      [1, true],
    ]);
    clock.advanceDays(5);
    const tooLate = await t.gql(
      n.huWorker.token,
      'mutation($input: CorrectFollowUpReportInput!) { correctFollowUpReport(input: $input) { followUp { id } } }',
      {
        input: { followUpId: first.id, report: report(4, { reintegrationPlan: 'x' }) },
      },
    );
    expect(tooLate.errorCodes).toEqual(['CONFLICT']);

    clock.setDay(addDays(second.dueOn, 20));
    expect((await view(n.huWorker.token, referralId)).followUps[1].status).toBe('OVERDUE');
    expect(
      (await t.gql(n.huWorker.token, SUBMIT, { input: { followUpId: second.id, report: report(3) } })).data.submitFollowUp?.followUp.status,
    ).toBe('SUBMITTED');

    clock.setDay(addDays(third.dueOn, 14 + 30));
    expect((await view(n.nlWorker.token, referralId)).flags).toEqual([]);
    clock.advanceDays(1);
    seen = await view(n.nlWorker.token, referralId);
    expect(seen.followUps[2].status).toBe('OVERDUE');
    expect(seen.flags).toEqual(['FOLLOW_UP_OVERDUE_30_DAYS']);
    const outbox = await t.gql(n.nlWorker.token, '{ referrals(box: OUTBOX, status: IN_REINTEGRATION) { edges { node { id flags } } } }');
    expect(outbox.data.referrals.edges.find((e: any) => e.node.id === referralId).node.flags).toEqual(['FOLLOW_UP_OVERDUE_30_DAYS']);

    clock.setDay(fourth.dueOn);
    await t.gql(n.huWorker.token, SUBMIT, { input: { followUpId: fourth.id, report: report(4) } });
    const closed = await t.gql(n.huWorker.token, MOVE('closeReferral', 'CloseReferralInput'), {
      input: { referralId, expectedVersion: seen.version },
    });
    expect(closed.data.closeReferral?.referral.status).toBe('CLOSED');

    seen = await view(n.nlWorker.token, referralId);
    expect(seen.followUps.map((f: any) => f.status)).toEqual(['SUBMITTED', 'SUBMITTED', 'MISSED', 'SUBMITTED']);
    expect(seen.reintegrationProgress).toEqual([
      {
        dimension: 'ECONOMIC',
        points: [
          { dueOn: first.dueOn, score: 3 },
          { dueOn: second.dueOn, score: 3 },
          { dueOn: fourth.dueOn, score: 4 },
        ],
      },
      {
        dimension: 'SOCIAL',
        points: [
          { dueOn: first.dueOn, score: 3 },
          { dueOn: second.dueOn, score: 3 },
          { dueOn: fourth.dueOn, score: 4 },
        ],
      },
      {
        dimension: 'PSYCHOSOCIAL',
        points: [
          { dueOn: first.dueOn, score: 4 },
          { dueOn: second.dueOn, score: 4 },
          { dueOn: fourth.dueOn, score: 5 },
        ],
      },
    ]);
  });

  it('shows the sender that a report came, but not what it says, without FOLLOW_UP_REPORTING consent', async () => {
    clock.setDay(`${YEAR}-03-01`);
    const { referralId } = await returned(['RETURN_ASSISTANCE', 'REINTEGRATION_SUPPORT']);
    const [first] = (await view(n.huWorker.token, referralId)).followUps;
    clock.setDay(first.dueOn);
    await t.gql(n.huWorker.token, SUBMIT, { input: { followUpId: first.id, report: report(3, { reintegrationPlan: 'Plan' }) } });
    const sender = await view(n.nlWorker.token, referralId);
    expect(sender.followUps[0].report).toMatchObject({
      version: 1,
      submittedAt: expect.any(String),
      content: null,
      contentRedaction: 'NOT_COVERED',
    });
    expect(sender.reintegrationProgress).toBeNull();
    const receiver = await view(n.huWorker.token, referralId);
    expect(receiver.followUps[0].report.content.narrative).toBe('Visit 3: working in a bakery, housing stable.');
  });

  it('cancels what remains when consent is withdrawn mid-schedule', async () => {
    clock.setDay(`${YEAR}-04-10`);
    const { referralId, consentId } = await returned();
    const followUps = (await view(n.huWorker.token, referralId)).followUps;
    clock.setDay(followUps[0].dueOn);
    await t.gql(n.huWorker.token, SUBMIT, { input: { followUpId: followUps[0].id, report: report(2, { reintegrationPlan: 'Plan' }) } });
    await t.gql(
      n.nlWorker.token,
      'mutation($id: ID!) { withdrawConsent(input: { consentId: $id, reason: "She moved on" }) { consent { id } } }',
      {
        id: consentId,
      },
    );
    const seen = await view(n.huWorker.token, referralId);
    expect(seen.status).toBe('CONSENT_WITHDRAWN');
    expect(seen.followUps.map((f: any) => f.status)).toEqual(['SUBMITTED', 'CANCELLED', 'CANCELLED', 'CANCELLED']);
    expect(seen.followUps[0].report.contentRedaction).toBe('CONSENT_WITHDRAWN');
    expect((await t.gql(n.huWorker.token, SUBMIT, { input: { followUpId: followUps[1].id, report: report(2) } })).errorCodes).toEqual([
      'CONFLICT',
    ]);
  });

  it('keeps the worklist to the receiver, sorted by due day, with counts per status', async () => {
    clock.setDay(`${YEAR}-06-01`);
    await returned();
    const list = await t.gql(
      n.huWorker.token,
      '{ followUps(first: 100) { edges { node { dueOn status referral { id } } } } followUpCounts { status count } }',
    );
    const days = list.data.followUps.edges.map((e: any) => e.node.dueOn);
    expect(days).toEqual([...days].sort());
    const total = list.data.followUpCounts.reduce((sum: number, c: any) => sum + c.count, 0);
    expect(total).toBe(days.length);
    const upcoming = await t.gql(n.huWorker.token, '{ followUps(status: UPCOMING, first: 100) { edges { node { status } } } }');
    expect(upcoming.data.followUps.edges.every((e: any) => e.node.status === 'UPCOMING')).toBe(true);
    expect(upcoming.data.followUps.edges.length).toBe(list.data.followUpCounts.find((c: any) => c.status === 'UPCOMING').count);

    const third = await t.gql(n.bgWorker.token, '{ followUps { edges { node { id } } } }');
    expect(third.data.followUps.edges).toEqual([]);
    const sender = await t.gql(n.nlWorker.token, '{ followUps { edges { node { id } } } }');
    expect(sender.data.followUps.edges).toEqual([]);
  });

  it("lets only the receiver report or reschedule, keeps a move's reason in the history, and hides it all from a third organisation", async () => {
    clock.setDay(`${YEAR}-08-01`);
    const { referralId } = await returned();
    const [first] = (await view(n.huWorker.token, referralId)).followUps;
    expect(
      (await t.gql(n.nlWorker.token, SUBMIT, { input: { followUpId: first.id, report: report(3, { reintegrationPlan: 'x' }) } }))
        .errorCodes,
    ).toEqual(['FORBIDDEN']);
    expect(
      (await t.gql(n.bgWorker.token, SUBMIT, { input: { followUpId: first.id, report: report(3, { reintegrationPlan: 'x' }) } }))
        .errorCodes,
    ).toEqual(['NOT_FOUND']);
    expect((await t.gql(n.bgWorker.token, FOLLOW_UPS, { id: referralId })).errorCodes).toEqual(['NOT_FOUND']);

    const moved = await t.gql(
      n.huWorker.token,
      'mutation($input: MoveFollowUpInput!) { moveFollowUp(input: $input) { followUp { dueOn } } }',
      {
        input: { followUpId: first.id, dueOn: addDays(first.dueOn, 10), reason: 'She is in hospital until then' },
      },
    );
    expect(moved.data.moveFollowUp?.followUp.dueOn).toBe(addDays(first.dueOn, 10));
    const added = await t.gql(
      n.huWorker.token,
      'mutation($input: AddFollowUpInput!) { addFollowUp(input: $input) { followUp { sequence } } }',
      {
        input: { referralId, dueOn: `${YEAR + 1}-03-01`, reason: 'Extra check before the court hearing' },
      },
    );
    expect(added.data.addFollowUp?.followUp.sequence).toBe(5);
    const events = (
      await t.gql(n.nlWorker.token, 'query($id: ID!) { referral(id: $id) { events { type note reason } } }', { id: referralId })
    ).data.referral.events;
    expect(events.filter((e: any) => e.type.startsWith('FOLLOW_UP'))).toEqual([
      { type: 'FOLLOW_UP_MOVED', note: expect.stringMatching(/^Follow-up 1 moved from/), reason: 'She is in hospital until then' },
      { type: 'FOLLOW_UP_ADDED', note: `Follow-up 5 due ${YEAR + 1}-03-01`, reason: 'Extra check before the court hearing' },
    ]);
  });
  it('lists each referral exactly as it reads alone: the page query hydrates as the entity loader does', async () => {
    const FIELDS = `id reference status version senderCountry receiverCountry arrivedOn createdAt updatedAt submittedAt statusReason
      sender { id name country kind languages services active suspendedAt createdAt }
      receiver { id name country kind languages services active suspendedAt createdAt }
      consent { status purposes categories givenAt expiresAt }
      latestFollowUp { id referralId sequence dueOn status carriesReintegrationPlan createdAt submittedAt closedAt closureReason }`;
    for (const [token, box] of [
      [n.huWorker.token, 'INBOX'],
      [n.nlWorker.token, 'OUTBOX'],
    ]) {
      const listed = (await t.gql(token, `{ referrals(box: ${box}, first: 100) { edges { node { ${FIELDS} } } } }`)).data.referrals.edges;
      expect(listed.length).toBeGreaterThan(2);
      expect(listed.some((edge: any) => edge.node.latestFollowUp !== null)).toBe(true);
      for (const { node } of listed) {
        const alone = (await t.gql(token, `query($id: ID!) { referral(id: $id) { ${FIELDS} } }`, { id: node.id })).data.referral;
        expect(node).toEqual(alone);
      }
    }
  });
});
