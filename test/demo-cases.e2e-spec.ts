import { DEMO_CASE_BOOK, DemoCase } from '../src/demo/demo-case-book.js';
import { DEMO_NETWORK } from '../src/demo/demo-network.js';
import { ReferralStatus } from '../src/referrals/referral-lifecycle.js';
import { demoNetwork } from './support/demo-network.js';
import { freshDatabase } from './support/fresh-database.js';
import { TestApp } from './support/test-app.js';

const CASE = `query($id: ID!) { referral(id: $id) {
  status sender { name } receiver { name }
  subject { identity { givenNames familyName } redactions { field reason } }
  needs { serviceType } redactions { field reason }
  messages { body bodyRedaction }
  followUps { sequence status report { content { narrative } contentRedaction } }
  statusReason } }`;
const BOXES = `{ inbox: referrals(box: INBOX, first: 100) { edges { node { id } } }
  outbox: referrals(box: OUTBOX, first: 100) { edges { node { id } } } }`;

describe('the demo cases', () => {
  let t: TestApp;
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  /** A case worker's token per demo organisation. */
  const caseWorker = new Map<string, string>();
  /** The referral each case made, by its key. */
  const referralOf = new Map<string, string>();
  const tokenOf = (organisation: string) => caseWorker.get(organisation)!;
  const read = (organisation: string, demoCase: DemoCase) => t.gql(tokenOf(organisation), CASE, { id: referralOf.get(demoCase.key) });
  const byEnd = (key: string) => DEMO_CASE_BOOK.find((demoCase) => demoCase.key === key)!;

  beforeAll(async () => {
    database = await freshDatabase();
    t = await TestApp.start(database.overrides);
    const { credentials, cases } = await demoNetwork(t.app).create();
    expect(cases).toBe(DEMO_CASE_BOOK.length);
    for (const credential of credentials.filter((c) => c.roles === 'CASE_WORKER'))
      caseWorker.set(credential.organisation, credential.token);
    const keys = await t.dataSource.query(`SELECT key, record_id FROM idempotency_keys WHERE key LIKE 'demo-case-%'`);
    for (const row of keys) referralOf.set(row.key, row.record_id);
  });
  afterAll(async () => {
    await t.close();
    await database.drop();
  });

  it('covers every state of the lifecycle, as both parties see it (the receiver never sees a draft)', async () => {
    expect(new Set(DEMO_CASE_BOOK.map((demoCase) => demoCase.endsIn))).toEqual(new Set(Object.values(ReferralStatus)));
    for (const demoCase of DEMO_CASE_BOOK) {
      const sent = await read(demoCase.from, demoCase);
      expect({ key: demoCase.key, status: sent.data.referral?.status }).toEqual({ key: demoCase.key, status: demoCase.endsIn });
      const received = await read(demoCase.to, demoCase);
      if (demoCase.endsIn === ReferralStatus.DRAFT) expect(received.errorCodes).toEqual(['NOT_FOUND']);
      else expect(received.data.referral.status).toBe(demoCase.endsIn);
    }
  });

  it('carries messages, scheduled follow-ups and a report the sender may read', async () => {
    const reintegrating = byEnd('demo-case-07-in-reintegration');
    const seen = (await read(reintegrating.from, reintegrating)).data.referral;
    expect(seen.followUps.map((f: any) => f.sequence)).toEqual([1, 2, 3, 4]);
    expect(seen.followUps[0]).toMatchObject({ status: 'SUBMITTED', report: { contentRedaction: null } });
    expect(seen.followUps[0].report.content.narrative).toMatch(/Met at arrival/);
    expect(seen.messages).toEqual([{ body: expect.stringMatching(/first follow-up is in/), bodyRedaction: null }]);

    const returned = byEnd('demo-case-06-returned');
    const upcoming = (await read(returned.to, returned)).data.referral.followUps;
    expect(upcoming).toHaveLength(4);
    expect(upcoming.every((f: any) => f.report === null)).toBe(true);

    const declined = byEnd('demo-case-04-declined');
    expect((await read(declined.from, declined)).data.referral.statusReason).toMatch(/no shelter place/);
  });

  it('hides the personal data of the case whose consent was withdrawn from the receiver, and stops its messages', async () => {
    const withdrawn = byEnd('demo-case-09-consent-withdrawn');
    const receiver = (await read(withdrawn.to, withdrawn)).data.referral;
    expect(receiver.subject.identity).toBeNull();
    expect(receiver.subject.redactions).toContainEqual({ field: 'identity', reason: 'CONSENT_WITHDRAWN' });
    expect(receiver.needs).toBeNull();
    expect(receiver.messages).toEqual([{ body: null, bodyRedaction: 'CONSENT_WITHDRAWN' }]);
    // The organisation that registered the person still sees them.
    const owner = (await read(withdrawn.from, withdrawn)).data.referral;
    expect(owner.subject.identity).toEqual({ givenNames: 'Desislava', familyName: 'Primerova' });
  });

  it("leaves nothing of the erased person's data readable, for either party, and no key to open it", async () => {
    const erased = byEnd('demo-case-10-person-erased');
    for (const organisation of [erased.from, erased.to]) {
      const seen = (await read(organisation, erased)).data.referral;
      expect(seen.subject.identity).toBeNull();
      expect(seen.subject.redactions).toContainEqual({ field: 'identity', reason: 'ERASED' });
      expect(seen.messages).toEqual([{ body: null, bodyRedaction: 'ERASED' }]);
    }
    const [{ keys }] = await t.dataSource.query(
      'SELECT count(k.*)::int AS keys FROM referrals r LEFT JOIN subject_keys k ON k.subject_id = r.subject_id WHERE r.id = $1',
      [referralOf.get(erased.key)],
    );
    expect(keys).toBe(0);
  });

  it('shows each organisation exactly the cases it is party to: a foreign organisation gets NOT_FOUND', async () => {
    for (const { name } of DEMO_NETWORK) {
      const party = DEMO_CASE_BOOK.filter(
        (demoCase) => demoCase.from === name || (demoCase.to === name && demoCase.endsIn !== ReferralStatus.DRAFT),
      );
      const boxes = (await t.gql(tokenOf(name), BOXES)).data;
      const seen = [...boxes.inbox.edges, ...boxes.outbox.edges].map((edge: any) => edge.node.id).sort();
      expect({ name, seen }).toEqual({ name, seen: party.map((demoCase) => referralOf.get(demoCase.key)).sort() });
      for (const demoCase of DEMO_CASE_BOOK.filter((c) => c.from !== name && c.to !== name)) {
        expect((await read(name, demoCase)).errorCodes).toEqual(['NOT_FOUND']);
      }
    }
  });

  it('adds nothing when run again, and leaves an audit chain that verifies', async () => {
    const count = async () =>
      (
        await t.dataSource.query(
          `SELECT (SELECT count(*) FROM referrals)::int AS referrals, (SELECT count(*) FROM subjects)::int AS subjects,
                  (SELECT count(*) FROM consents)::int AS consents, (SELECT count(*) FROM referral_messages)::int AS messages,
                  (SELECT count(*) FROM audit_events)::int AS audit`,
        )
      )[0];
    const before = await count();
    expect(before.referrals).toBe(DEMO_CASE_BOOK.length);
    expect(await demoNetwork(t.app).create()).toEqual({ credentials: [], cases: 0 });
    expect(await count()).toEqual(before);
    const verified = await t.dataSource.query('SELECT * FROM verify_audit_chain()');
    expect(verified[0].problem).toBeNull();
  });
});
