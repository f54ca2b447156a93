import { addDays, addMonths } from '../src/follow-ups/follow-up-status.js';
import { Scheduler } from '../src/scheduler/scheduler.service.js';
import { ManualClock } from './support/manual-clock.js';
import { ALL_PURPOSES, eventsOf, FOLLOW_UP_REPORT, FOLLOW_UPS, OutboxRow, SUBMIT_FOLLOW_UP } from './support/partner-events.js';
import { createDraft, draftInput, MOVE, network, Network, recordConsent, submittedReferral } from './support/referral-fixtures.js';
import { ON_EMBEDDED, TestApp } from './support/test-app.js';

const YEAR = new Date().getUTCFullYear() + 1;

/** The time-based events of a referral as one organisation hears them: type and follow-up sequence. */
const timed = (rows: OutboxRow[], sequenceOf: Map<string, number>) =>
  rows
    .filter((row) => row.actor_organisation_id === null)
    .map((row) => `${row.type}${row.entity_id ? ` ${sequenceOf.get(row.entity_id)}` : ''}`);

describe('the scheduler: time-based events once each, caught up after downtime', () => {
  const clock = new ManualClock();
  let t: TestApp;
  let n: Network;
  let scheduler: Scheduler;

  beforeAll(async () => {
    clock.setDay(`${YEAR}-01-31`);
    t = await TestApp.start({}, { clock });
    n = await network(t);
    scheduler = t.app.get(Scheduler);
  });
  afterAll(() => t.close());

  const given = () => ({ givenAt: new Date(clock.now().getTime() - 60_000).toISOString() });

  async function returned(consent: Record<string, unknown> = {}) {
    const referral = await submittedReferral(t, n, { purposes: ALL_PURPOSES, ...given(), ...consent });
    await t.gql(n.huWorker.token, MOVE('acceptReferral', 'AcceptReferralInput'), {
      input: { referralId: referral.referralId, expectedVersion: referral.version },
    });
    const arrived = await t.gql(n.huWorker.token, MOVE('recordArrival', 'RecordArrivalInput'), {
      input: { referralId: referral.referralId, expectedVersion: referral.version + 1, arrivedOn: clock.today() },
    });
    expect(arrived.errorCodes).toEqual([]);
    const followUps = (await t.gql(n.huWorker.token, FOLLOW_UPS, { id: referral.referralId })).data.referral.followUps as {
      id: string;
      sequence: number;
      dueOn: string;
    }[];
    return { ...referral, followUps, sequenceOf: new Map(followUps.map((f) => [f.id, f.sequence])) };
  }

  /** One run now, as a replica would start it (a day later each time, so it is always due). */
  async function runOn(day: string) {
    clock.setDay(day);
    return scheduler.runDue();
  }

  it('announces a follow-up due when its window opens, overdue after its grace, to both sides, once', async () => {
    const referral = await returned();
    const [first] = referral.followUps;
    expect(first.dueOn).toBe(addMonths(`${YEAR}-01-31`, 1));
    await runOn(`${YEAR}-02-01`);
    expect(timed(await eventsOf(t, n.hu.organisationId, referral.referralId), referral.sequenceOf)).toEqual([]);

    await runOn(addDays(first.dueOn, -14));
    await runOn(addDays(first.dueOn, -13));
    for (const party of [n.hu, n.nl]) {
      expect(timed(await eventsOf(t, party.organisationId, referral.referralId), referral.sequenceOf)).toEqual(['FOLLOW_UP_DUE 1']);
    }
    await runOn(addDays(first.dueOn, 15));
    await runOn(addDays(first.dueOn, 16));
    const heard = await eventsOf(t, n.hu.organisationId, referral.referralId);
    expect(timed(heard, referral.sequenceOf)).toEqual(['FOLLOW_UP_DUE 1', 'FOLLOW_UP_OVERDUE 1']);
    expect(heard.at(-1)!.consent_scope).toMatchObject({ purposes: ALL_PURPOSES });
    expect(await eventsOf(t, n.bg.organisationId, referral.referralId)).toEqual([]);
  });

  it('catches up after downtime: what became overdue meanwhile is overdue, nothing is announced twice', async () => {
    clock.setDay(`${YEAR}-01-31`);
    const referral = await returned();
    // Down from arrival until early August: follow-ups 1 and 2 are overdue by now, 3 is due.
    await runOn(`${YEAR}-08-05`);
    await runOn(`${YEAR}-08-06`);
    expect(timed(await eventsOf(t, n.hu.organisationId, referral.referralId), referral.sequenceOf).sort()).toEqual([
      'FOLLOW_UP_DUE 3',
      'FOLLOW_UP_OVERDUE 1',
      'FOLLOW_UP_OVERDUE 2',
    ]);
    // The third is reported in time: it is never overdue, and both sides hear of the report.
    const third = referral.followUps[2];
    const submitted = await t.gql(n.huWorker.token, SUBMIT_FOLLOW_UP, { input: { followUpId: third.id, report: FOLLOW_UP_REPORT } });
    expect(submitted.errorCodes).toEqual([]);
    await runOn(addDays(third.dueOn, 30));
    const heard = await eventsOf(t, n.nl.organisationId, referral.referralId);
    expect(heard.filter((row) => row.type === 'FOLLOW_UP_OVERDUE' && row.entity_id === third.id)).toEqual([]);
    expect(heard.filter((row) => row.type === 'FOLLOW_UP_REPORT_SUBMITTED').map((row) => row.entity_id)).toEqual([third.id]);
  });

  it('runs one replica at a time: a run that finds the work taken or not yet due does nothing', async () => {
    clock.setDay(`${YEAR + 1}-03-01`);
    const runs = await Promise.all([scheduler.runDue(), scheduler.runDue()]);
    expect(runs.filter((run) => run === null)).toHaveLength(1);
    // The next run is due one interval later, not before.
    expect(await scheduler.runDue()).toBeNull();
  });

  it('announces an expired consent once to both sides, stops the follow-ups, and leaves drafts alone', async () => {
    clock.setDay(`${YEAR + 2}-01-10`);
    const expiresAt = `${YEAR + 2}-03-01T00:00:00.000Z`;
    const referral = await returned({ expiresAt });
    const draftConsent = await recordConsent(t, n.nlWorker, referral.subjectId, {
      recipientOrganisationIds: [n.hu.organisationId],
      expiresAt,
      ...given(),
    });
    const draft = await createDraft(t, n.nlWorker, draftInput(referral.subjectId, draftConsent, n.hu.organisationId));
    await runOn(`${YEAR + 2}-02-20`);
    expect(timed(await eventsOf(t, n.hu.organisationId, referral.referralId), referral.sequenceOf)).toEqual(['FOLLOW_UP_DUE 1']);
    await runOn(`${YEAR + 2}-03-02`);
    await runOn(`${YEAR + 2}-06-02`);
    for (const party of [n.hu, n.nl]) {
      const heard = await eventsOf(t, party.organisationId, referral.referralId);
      expect(timed(heard, referral.sequenceOf)).toEqual(['FOLLOW_UP_DUE 1', 'CONSENT_EXPIRED']);
      expect(new Date(heard.at(-1)!.consent_scope!.expiresAt as string).toISOString()).toBe(expiresAt);
    }
    expect(await eventsOf(t, n.nl.organisationId, draft.id)).toEqual([]);
  });
});

describe('the scheduler keeps events for RAVOT_EVENT_RETENTION_DAYS', () => {
  const clock = new ManualClock();
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start({ RAVOT_EVENT_RETENTION_DAYS: '30' }, { clock });
  });
  afterAll(() => t.close());

  it('removes older events, but never the once-keys of time-based ones (they would be announced again)', async () => {
    const n: Network = await network(t);
    const write = (type: string, daysAgo: number, onceKey: string | null = null) =>
      t.dataSource.query(
        `INSERT INTO outbox_events (event_id, organisation_id, type, occurred_at, once_key)
         VALUES (gen_random_uuid(), $1, $2, now() - make_interval(days => $3), $4) RETURNING position::text AS position`,
        [n.hu.organisationId, type, daysAgo, onceKey],
      );
    await write('REFERRAL_RECEIVED', 40);
    await write('FOLLOW_UP_OVERDUE', 40, `FOLLOW_UP_OVERDUE:${n.hu.organisationId}`);
    await write('REFERRAL_ACCEPTED', 10);
    clock.setDay(`${YEAR + 5}-01-01`);
    await t.app.get(Scheduler).runDue();
    // (Other suites' published practices reach this organisation too: they are no part of this.)
    const left = await t.dataSource.query(
      `SELECT type FROM outbox_events WHERE organisation_id = $1 AND type <> 'PRACTICE_PUBLISHED' ORDER BY position`,
      [n.hu.organisationId],
    );
    expect(left.map((row: { type: string }) => row.type)).toEqual(['FOLLOW_UP_OVERDUE', 'REFERRAL_ACCEPTED']);
  });
});

describe('the scheduler on its interval (RAVOT_SCHEDULER_INTERVAL_MS)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start({ RAVOT_SCHEDULER_INTERVAL_MS: '200' });
  });
  afterAll(() => t.close());

  it('runs by itself: a follow-up whose window is open is announced without anyone asking', async () => {
    const n: Network = await network(t);
    const referral = await submittedReferral(t, n, { purposes: ALL_PURPOSES });
    await t.gql(n.huWorker.token, MOVE('acceptReferral', 'AcceptReferralInput'), {
      input: { referralId: referral.referralId, expectedVersion: referral.version },
    });
    // Arrived 40 days ago: the first follow-up (a month after) is due.
    const arrivedOn = new Date(Date.now() - 40 * 86_400_000).toISOString().slice(0, 10);
    const arrived = await t.gql(n.huWorker.token, MOVE('recordArrival', 'RecordArrivalInput'), {
      input: { referralId: referral.referralId, expectedVersion: referral.version + 1, arrivedOn },
    });
    expect(arrived.errorCodes).toEqual([]);
    const deadline = Date.now() + 20_000;
    let types: string[] = [];
    while (!types.includes('FOLLOW_UP_DUE') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      types = (await eventsOf(t, n.hu.organisationId, referral.referralId)).map((row) => row.type);
    }
    expect(types).toContain('FOLLOW_UP_DUE');
  });
});

// Replicas share a PostgreSQL server; the embedded database belongs to one process.
(ON_EMBEDDED ? describe.skip : describe)('the scheduler with two service instances on one database', () => {
  const clock = new ManualClock();
  let one: TestApp;
  let two: TestApp;

  beforeAll(async () => {
    clock.setDay(`${YEAR + 3}-01-31`);
    [one, two] = [await TestApp.start({}, { clock }), await TestApp.start({}, { clock })];
  });
  afterAll(() => Promise.all([one.close(), two.close()]));

  it('writes each time-based event once, whichever instance runs, however their runs overlap', async () => {
    const n = await network(one);
    const referral = await submittedReferral(one, n, {
      purposes: ALL_PURPOSES,
      givenAt: new Date(clock.now().getTime() - 60_000).toISOString(),
    });
    await one.gql(n.huWorker.token, MOVE('acceptReferral', 'AcceptReferralInput'), {
      input: { referralId: referral.referralId, expectedVersion: referral.version },
    });
    const arrived = await two.gql(n.huWorker.token, MOVE('recordArrival', 'RecordArrivalInput'), {
      input: { referralId: referral.referralId, expectedVersion: referral.version + 1, arrivedOn: clock.today() },
    });
    expect(arrived.errorCodes).toEqual([]);
    const schedulers = [one, two].map((app) => app.app.get(Scheduler));
    // The first follow-up's window has opened: both instances tick at once, twice.
    clock.setDay(`${YEAR + 3}-02-20`);
    const runs = await Promise.all([...schedulers, ...schedulers].map((scheduler) => scheduler.runDue()));
    expect(runs.filter((run) => run !== null)).toHaveLength(1);
    // A day later each runs again in turn: the event is there already.
    for (const scheduler of schedulers) {
      clock.advanceDays(1);
      expect(await scheduler.runDue()).not.toBeNull();
    }
    for (const party of [n.hu, n.nl]) {
      const heard = await eventsOf(one, party.organisationId, referral.referralId);
      expect(heard.filter((row) => row.actor_organisation_id === null).map((row) => row.type)).toEqual(['FOLLOW_UP_DUE']);
    }
  });
});
