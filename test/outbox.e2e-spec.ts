import { TenantDatabase } from '../src/database/tenant-database.js';
import {
  ALL_PURPOSES,
  CANCEL_INPUT,
  eventsOf,
  FOLLOW_UP_REPORT,
  FOLLOW_UPS,
  MESSAGE,
  PERSONAL_MARKERS,
  SUBMIT_FOLLOW_UP,
} from './support/partner-events.js';
import {
  createDraft,
  draftInput,
  MOVE,
  network,
  Network,
  recordConsent,
  registerSubject,
  submittedReferral,
} from './support/referral-fixtures.js';
import { Party, TestApp } from './support/test-app.js';

const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('the outbox: each change writes its event in its own transaction, for those who may know of it', () => {
  let t: TestApp;
  let n: Network;

  beforeAll(async () => {
    t = await TestApp.start();
    n = await network(t);
  });
  afterAll(() => t.close());

  it('tells sender and receiver of each move, with the consent scope, and a third organisation nothing', async () => {
    const { referralId, consentId, version } = await submittedReferral(t, n);
    const accepted = await t.gql(n.huWorker.token, MOVE('acceptReferral', 'AcceptReferralInput'), {
      input: { referralId, expectedVersion: version },
    });
    expect(accepted.errorCodes).toEqual([]);
    for (const party of [n.nl, n.hu]) {
      const events = await eventsOf(t, party.organisationId, referralId);
      expect(events.map((event) => event.type)).toEqual(['REFERRAL_RECEIVED', 'REFERRAL_ACCEPTED']);
      expect(events[0]).toMatchObject({ actor_organisation_id: n.nl.organisationId, entity: null });
      expect(events[1]).toMatchObject({ actor_organisation_id: n.hu.organisationId });
      expect(events[1].consent_scope).toEqual({
        consentId,
        purposes: ['RETURN_ASSISTANCE', 'REINTEGRATION_SUPPORT'],
        categories: ['IDENTITY', 'CONTACT', 'NEEDS', 'CASE_HISTORY'],
        expiresAt: null,
      });
    }
    // One event id for both organisations: the same event, heard twice.
    const [nlEvents, huEvents] = [await eventsOf(t, n.nl.organisationId, referralId), await eventsOf(t, n.hu.organisationId, referralId)];
    expect(nlEvents.map((event) => event.event_id)).toEqual(huEvents.map((event) => event.event_id));
    expect(await eventsOf(t, n.bg.organisationId, referralId)).toEqual([]);
  });

  it('keeps each organisation to its own rows in the database itself: it reads no other’s, and writes none in another’s name', async () => {
    const { referralId } = await submittedReferral(t, n);
    const tenants = t.app.get(TenantDatabase);
    const as = (party: Party) => ({ organisationId: party.organisationId, memberId: party.memberId });
    // A plain SELECT, without the feed's own filter: row-level security alone decides.
    const read = (party: Party) =>
      tenants.run(as(party), (manager) => manager.query('SELECT organisation_id FROM outbox_events WHERE referral_id = $1', [referralId]));
    expect(await read(n.hu)).toEqual([{ organisation_id: n.hu.organisationId }]);
    expect(await read(n.bg)).toEqual([]);
    const forged = (actorOrganisationId: string) =>
      tenants.run(as(n.bg), (manager) =>
        manager.query(
          `INSERT INTO outbox_events (event_id, organisation_id, type, occurred_at, actor_organisation_id, referral_id)
           VALUES (gen_random_uuid(), $1, 'REFERRAL_CLOSED', now(), $2, $3)`,
          [n.hu.organisationId, actorOrganisationId, referralId],
        ),
      );
    await expect(forged(n.nl.organisationId)).rejects.toThrow(/row-level security/);
    await expect(forged(null as never)).rejects.toThrow(/row-level security/);
    expect((await eventsOf(t, n.hu.organisationId, referralId)).map((event) => event.type)).toEqual(['REFERRAL_RECEIVED']);
  });

  it('keeps a draft between the sender and itself: a cancelled draft is never announced to the receiver', async () => {
    const subjectId = await registerSubject(t, n.nlWorker);
    const consentId = await recordConsent(t, n.nlWorker, subjectId, { recipientOrganisationIds: [n.hu.organisationId] });
    const draft = await createDraft(t, n.nlWorker, draftInput(subjectId, consentId, n.hu.organisationId));
    await t.gql(n.nlWorker.token, MOVE('cancelReferral', 'CancelReferralInput'), { input: CANCEL_INPUT(draft) });
    expect((await eventsOf(t, n.nl.organisationId, draft.id)).map((event) => event.type)).toEqual(['REFERRAL_CANCELLED']);
    expect(await eventsOf(t, n.hu.organisationId, draft.id)).toEqual([]);
  });

  it('writes nothing for a change that was refused', async () => {
    const { referralId, version } = await submittedReferral(t, n);
    const before = await eventsOf(t, n.hu.organisationId, referralId);
    // The sender cannot accept; a stale version cannot decline.
    const refused = await t.gql(n.nlWorker.token, MOVE('acceptReferral', 'AcceptReferralInput'), {
      input: { referralId, expectedVersion: version },
    });
    expect(refused.errorCodes).toEqual(['FORBIDDEN']);
    const stale = await t.gql(n.huWorker.token, MOVE('declineReferral', 'DeclineReferralInput'), {
      input: { referralId, expectedVersion: version - 1, reason: 'No capacity' },
    });
    expect(stale.errorCodes).toEqual(['CONFLICT']);
    expect(await eventsOf(t, n.hu.organisationId, referralId)).toEqual(before);
    expect(await eventsOf(t, n.nl.organisationId, referralId)).toEqual(before);
  });

  it('tells both parties of every later move: declined, cancelled after submission, returned, in reintegration, closed', async () => {
    const move = async (worker: Party, mutation: string, input: Record<string, unknown>) => {
      const moved = await t.gql(worker.token, MOVE(mutation, `${mutation[0].toUpperCase()}${mutation.slice(1)}Input`), { input });
      expect(moved.errorCodes).toEqual([]);
      return moved.data[mutation].referral.version as number;
    };
    const heard = async (referralId: string) => {
      const [sender, receiver] = [await eventsOf(t, n.nl.organisationId, referralId), await eventsOf(t, n.hu.organisationId, referralId)];
      // One event each, heard by both: the same ids in the same order.
      expect(receiver.map((event) => event.event_id)).toEqual(sender.map((event) => event.event_id));
      expect(await eventsOf(t, n.bg.organisationId, referralId)).toEqual([]);
      // The changes' events only: a scheduler run of a suite that shares the database, its clock years ahead, may
      // announce this referral's follow-ups overdue meanwhile.
      return receiver.filter((event) => event.actor_organisation_id !== null);
    };

    const declined = await submittedReferral(t, n);
    await move(n.huWorker, 'declineReferral', {
      referralId: declined.referralId,
      expectedVersion: declined.version,
      reason: 'No capacity',
    });
    expect((await heard(declined.referralId)).map((event) => event.type)).toEqual(['REFERRAL_RECEIVED', 'REFERRAL_DECLINED']);

    const cancelled = await submittedReferral(t, n);
    await move(n.nlWorker, 'cancelReferral', CANCEL_INPUT({ id: cancelled.referralId, version: cancelled.version }));
    expect((await heard(cancelled.referralId)).map((event) => event.type)).toEqual(['REFERRAL_RECEIVED', 'REFERRAL_CANCELLED']);

    const { referralId, version } = await submittedReferral(t, n, { purposes: ALL_PURPOSES });
    let at = await move(n.huWorker, 'acceptReferral', { referralId, expectedVersion: version });
    at = await move(n.huWorker, 'recordArrival', { referralId, expectedVersion: at, arrivedOn: day(0) });
    const [first] = (await t.gql(n.huWorker.token, FOLLOW_UPS, { id: referralId })).data.referral.followUps;
    const report = await t.gql(n.huWorker.token, SUBMIT_FOLLOW_UP, { input: { followUpId: first.id, report: FOLLOW_UP_REPORT } });
    expect(report.errorCodes).toEqual([]);
    await move(n.huWorker, 'closeReferral', { referralId, expectedVersion: at + 1, reason: 'Settled at home' });
    const events = await heard(referralId);
    expect(events.map((event) => event.type)).toEqual([
      'REFERRAL_RECEIVED',
      'REFERRAL_ACCEPTED',
      'REFERRAL_RETURNED',
      'FOLLOW_UP_REPORT_SUBMITTED',
      'REFERRAL_IN_REINTEGRATION',
      'REFERRAL_CLOSED',
    ]);
    expect(events[3]).toMatchObject({ entity: 'FOLLOW_UP', entity_id: first.id, actor_organisation_id: n.hu.organisationId });
    for (const event of events) expect(event.consent_scope).toMatchObject({ purposes: ALL_PURPOSES });
    const everything = JSON.stringify(await t.dataSource.query('SELECT * FROM outbox_events WHERE referral_id = $1', [referralId]));
    for (const marker of [...PERSONAL_MARKERS, 'bakery', 'Settled at home']) expect(everything).not.toContain(marker);
  });

  it('writes the event in the change’s own transaction: a change that fails at commit leaves no event, and no change', async () => {
    const { referralId, version } = await submittedReferral(t, n);
    // A check that fails only at commit, after the move and its event were written in the same transaction.
    const trigger = `outbox_test_${referralId.replace(/-/g, '')}`;
    // Not in pg_temp: the service's connections must see it. Limited to this referral, so other suites write as usual.
    await t.dataSource.query(`CREATE FUNCTION ${trigger}() RETURNS trigger LANGUAGE plpgsql AS
      $$ BEGIN RAISE EXCEPTION 'refused at commit'; END $$`);
    await t.dataSource.query(
      `CREATE CONSTRAINT TRIGGER ${trigger} AFTER UPDATE ON referrals DEFERRABLE INITIALLY DEFERRED
       FOR EACH ROW WHEN (NEW.id = '${referralId}'::uuid) EXECUTE FUNCTION ${trigger}()`,
    );
    let refused;
    try {
      refused = await t.gql(n.huWorker.token, MOVE('acceptReferral', 'AcceptReferralInput'), {
        input: { referralId, expectedVersion: version },
      });
    } finally {
      await t.dataSource.query(`DROP TRIGGER ${trigger} ON referrals`);
      await t.dataSource.query(`DROP FUNCTION ${trigger}()`);
    }
    expect(refused.errorCodes).toHaveLength(1);
    expect(JSON.stringify(refused.body)).not.toContain('refused at commit');
    for (const party of [n.nl, n.hu]) {
      expect((await eventsOf(t, party.organisationId, referralId)).map((event) => event.type)).toEqual(['REFERRAL_RECEIVED']);
    }
    const [{ status }] = await t.dataSource.query('SELECT status FROM referrals WHERE id = $1', [referralId]);
    expect(status).toBe('SUBMITTED');
    // The same change, once it can commit, writes its event.
    const accepted = await t.gql(n.huWorker.token, MOVE('acceptReferral', 'AcceptReferralInput'), {
      input: { referralId, expectedVersion: version },
    });
    expect(accepted.errorCodes).toEqual([]);
    expect((await eventsOf(t, n.hu.organisationId, referralId)).map((event) => event.type)).toEqual([
      'REFERRAL_RECEIVED',
      'REFERRAL_ACCEPTED',
    ]);
  });

  it('tells the other party of a message, and consent withdrawal and erasure to both, without a word of personal data', async () => {
    const { referralId, consentId, subjectId } = await submittedReferral(t, n);
    expect((await t.gql(n.nlWorker.token, MESSAGE, { input: { referralId, body: 'Her brother Ferenc meets her' } })).errorCodes).toEqual(
      [],
    );
    const withdrawn = await t.gql(
      n.nlWorker.token,
      'mutation($input: WithdrawConsentInput!) { withdrawConsent(input: $input) { consent { status } } }',
      {
        input: { consentId, reason: 'She fears her trafficker Ferenc' },
      },
    );
    expect(withdrawn.errorCodes).toEqual([]);
    const erased = await t.gql(
      n.nlWorker.token,
      'mutation($input: EraseSubjectInput!) { eraseSubject(input: $input) { subject { erasedAt } } }',
      {
        input: { subjectId, reason: 'Request of the person' },
      },
    );
    expect(erased.errorCodes).toEqual([]);
    const heard = async (organisationId: string) => (await eventsOf(t, organisationId, referralId)).map((event) => event.type);
    expect(await heard(n.hu.organisationId)).toEqual(['REFERRAL_RECEIVED', 'MESSAGE_RECEIVED', 'CONSENT_WITHDRAWN', 'PERSON_ERASED']);
    // The author hears nothing of its own message.
    expect(await heard(n.nl.organisationId)).toEqual(['REFERRAL_RECEIVED', 'CONSENT_WITHDRAWN', 'PERSON_ERASED']);
    const message = (await eventsOf(t, n.hu.organisationId, referralId))[1];
    expect(message.entity).toBe('MESSAGE');
    expect(message.entity_id).toEqual(expect.any(String));
    const everything = JSON.stringify(await t.dataSource.query('SELECT * FROM outbox_events WHERE referral_id = $1', [referralId]));
    for (const marker of [...PERSONAL_MARKERS, 'Ferenc', subjectId]) expect(everything).not.toContain(marker);
  });

  it('tells every active organisation of a published practice, and only the invited of a meeting', async () => {
    const editor = await t.member(n.nl, ['PRACTICE_EDITOR']);
    const created = await t.gql(
      editor.token,
      'mutation($input: CreatePracticeInput!) { createPractice(input: $input) { practice { id } } }',
      {
        input: { title: 'Met at the airport', summary: 'Reception works.', body: 'Met at arrival.', language: 'en' },
      },
    );
    const practiceId = created.data.createPractice?.practice.id;
    await t.gql(editor.token, 'mutation($id: ID!) { publishPractice(input: { id: $id }) { practice { id } } }', { id: practiceId });
    const practiceEvents = await t.dataSource.query(
      `SELECT organisation_id FROM outbox_events WHERE entity_id = $1 AND type = 'PRACTICE_PUBLISHED'`,
      [practiceId],
    );
    const heardBy = practiceEvents.map((row: { organisation_id: string }) => row.organisation_id);
    for (const party of [n.nl, n.hu, n.bg]) expect(heardBy).toContain(party.organisationId);

    const meeting = await t.gql(editor.token, 'mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { meeting { id } } }', {
      input: {
        title: 'Safe return',
        country: 'NL',
        city: 'Utrecht',
        startsOn: day(30),
        endsOn: day(31),
        agenda: ['Welcome'],
        challenges: [],
        participants: [{ organisationId: n.hu.organisationId }],
      },
    });
    const meetingId = meeting.data.createMeeting?.meeting.id;
    // Inviting Bulgaria later tells Bulgaria alone; Hungary was told already.
    await t.gql(editor.token, 'mutation($input: UpdateMeetingInput!) { updateMeeting(input: $input) { meeting { id } } }', {
      input: { id: meetingId, participants: [{ organisationId: n.hu.organisationId }, { organisationId: n.bg.organisationId }] },
    });
    const invitations = await t.dataSource.query(
      `SELECT organisation_id FROM outbox_events WHERE entity_id = $1 AND type = 'MEETING_INVITATION' ORDER BY position`,
      [meetingId],
    );
    expect(invitations.map((row: { organisation_id: string }) => row.organisation_id)).toEqual([n.hu.organisationId, n.bg.organisationId]);
  });
});
