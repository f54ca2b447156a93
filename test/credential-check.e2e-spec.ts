import type { Request, Response } from 'express';
import { hashApiToken } from '../src/auth/api-token.js';
import { checkCredentialAlong, requestTransaction, type TokenHolder } from '../src/database/request-transaction.js';
import { STATEMENT_COUNT_HEADER } from '../src/database/statement-counter.js';
import { APP_ROLE, TenantDatabase } from '../src/database/tenant-database.js';
import { network, Network, submittedReferral } from './support/referral-fixtures.js';
import { Party, TestApp } from './support/test-app.js';

const INBOX = '{ referrals(box: INBOX, first: 50) { edges { node { id } } } }';
const EVENTS = '{ events(first: 5) { edges { node { id } } } }';
const INBOX_AND_ME = '{ me { id } referrals(box: INBOX, first: 50) { edges { node { id } } } }';
const ACTING = `SELECT current_setting('app.organisation_id', true) AS organisation, current_setting('app.member_id', true) AS member,
  current_user AS role, (SELECT count(*)::int FROM referrals) AS referrals`;
const NOBODY = '00000000-0000-0000-0000-000000000000';

/**
 * A query of the inbox or the event feed, with a token that authenticated before, acts at once and has its token
 * checked by the statement that sets its tenant settings, in its page's round trip (CredentialCheck). These tests
 * fail if a token that no longer authenticates could still read, if the read could act for anyone but the token's
 * holder, or if a changed role were not taken at once.
 */
describe('a query whose token is checked along with its first read', () => {
  let t: TestApp;
  let n: Network;
  let referralId: string;

  async function counted(token: string, query: string) {
    const response = await t.http
      .post('/graphql')
      .set('content-type', 'application/json')
      .set('authorization', `Bearer ${token}`)
      .send({ query });
    const codes = ((response.body.errors ?? []) as { extensions?: { code?: string } }[]).map((error) => error.extensions?.code);
    const ids = (response.body.data?.referrals?.edges ?? []).map((edge: { node: { id: string } }) => edge.node.id);
    return { body: response.body, text: response.text, codes, ids, statements: Number(response.headers[STATEMENT_COUNT_HEADER]) };
  }

  /** A new case worker of the receiving organisation whose token has authenticated once. */
  async function seenWorker(roles = ['CASE_WORKER']): Promise<Party> {
    const worker = await t.member(n.hu, roles);
    const first = await counted(worker.token, INBOX);
    expect(first.codes).toEqual([]);
    return worker;
  }

  /**
   * The read of TenantDatabase, within a request acting on `token` unchecked as `claimed`, and a second read of the
   * same request after it (as the check has been sent then, it runs as any read); the check takes any holder.
   */
  function readAlong(
    token: string,
    claimed: Party,
  ): Promise<{ rows: Record<string, unknown>[]; holder: TokenHolder | undefined; after: Record<string, unknown>[] }> {
    let holder: TokenHolder | undefined;
    let sent: string | undefined;
    const credential = {
      sendAlong: () => (sent === undefined ? (sent = hashApiToken(token)) : undefined),
      settle: (found: TokenHolder | undefined) => void (holder = found),
      unsent: () => undefined,
      checked: async () => undefined,
    };
    return new Promise((resolve, reject) =>
      requestTransaction({} as Request, {} as Response, () => {
        checkCredentialAlong(credential);
        const context = { organisationId: claimed.organisationId, memberId: claimed.memberId };
        const tenants = t.app.get(TenantDatabase);
        tenants
          .read<Record<string, unknown>>(context, ACTING, [])
          .then(async (rows) => resolve({ rows, holder, after: await tenants.read<Record<string, unknown>>(context, ACTING, []) }), reject);
      }),
    );
  }

  beforeAll(async () => {
    t = await TestApp.start({ RAVOT_COUNT_SQL: 'true' });
    n = await network(t);
    referralId = (await submittedReferral(t, n)).referralId;
  });
  afterAll(async () => {
    await t.close();
    delete process.env.RAVOT_COUNT_SQL;
  });

  it('looks a token not seen before up on its own first, then checks it along with the page', async () => {
    const worker = await t.member(n.hu, ['CASE_WORKER']);
    const first = await counted(worker.token, INBOX);
    const second = await counted(worker.token, INBOX);
    expect(first.ids).toContain(referralId);
    expect(second.ids).toEqual(first.ids);
    expect([first.statements, second.statements]).toEqual([3, 2]);
  });

  it.each([
    ['revoked', `UPDATE api_tokens SET revoked_at = now() WHERE member_id = $1`],
    ['expired', `UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE member_id = $1`],
    ['of a removed member', `UPDATE members SET removed_at = now() WHERE id = $1`],
  ])('answers UNAUTHENTICATED and nothing else to a token %s since it was last seen', async (_, change) => {
    const worker = await seenWorker();
    await t.dataSource.query(change, [worker.memberId]);
    for (const query of [INBOX, EVENTS, INBOX_AND_ME]) {
      const refused = await counted(worker.token, query);
      expect(refused.codes).toEqual(['UNAUTHENTICATED']);
      expect(refused.body.data).toBeNull();
      expect(refused.text).not.toContain(referralId);
    }
  });

  it("answers UNAUTHENTICATED to a token of an organisation suspended since, in the page's own round trip", async () => {
    const worker = await seenWorker();
    await t.dataSource.query('UPDATE organisations SET active = false WHERE id = $1', [n.hu.organisationId]);
    try {
      const refused = await counted(worker.token, INBOX);
      expect(refused.codes).toEqual(['UNAUTHENTICATED']);
      expect(refused.body.data).toBeNull();
      expect(refused.text).not.toContain(referralId);
      // Refused by the check sent along with the page, not by a look-up before it; the token is forgotten then.
      expect(refused.statements).toBe(2);
      // The same answer as a refusal before the page: the field's error, with its path.
      expect(refused.body.errors[0].path).toEqual(['referrals']);
      expect((await counted(worker.token, INBOX)).statements).toBe(1);
    } finally {
      await t.dataSource.query('UPDATE organisations SET active = true WHERE id = $1', [n.hu.organisationId]);
    }
    expect((await counted(worker.token, INBOX)).ids).toContain(referralId);
  });

  it('takes a changed role at once: no inbox for a member who is no longer a case worker, the feed still for an admin', async () => {
    const worker = await seenWorker(['CASE_WORKER', 'ORG_ADMIN']);
    await t.dataSource.query(`UPDATE members SET roles = '{ORG_ADMIN}' WHERE id = $1`, [worker.memberId]);
    const refused = await counted(worker.token, INBOX);
    expect(refused.codes).toEqual(['FORBIDDEN']);
    expect(refused.body.data).toBeNull();
    expect(refused.text).not.toContain(referralId);
    expect((await counted(worker.token, EVENTS)).codes).toEqual([]);
    // The roles it has now are the ones remembered: refused before the page is read, once the token is checked alone.
    expect(await counted(worker.token, INBOX)).toMatchObject({ codes: ['FORBIDDEN'], statements: 1 });
  });

  it('takes a role granted since the token was last seen at once: the inbox answers, no FORBIDDEN first', async () => {
    const admin = await t.member(n.hu, ['ORG_ADMIN']);
    expect((await counted(admin.token, EVENTS)).codes).toEqual([]);
    expect((await counted(admin.token, INBOX)).codes).toEqual(['FORBIDDEN']);
    await t.dataSource.query(`UPDATE members SET roles = '{ORG_ADMIN,CASE_WORKER}' WHERE id = $1`, [admin.memberId]);
    const page = await counted(admin.token, INBOX);
    expect(page.codes).toEqual([]);
    expect(page.ids).toContain(referralId);
  });

  it("acts, in the read that checks the token, for the token's holder whatever the request claimed", async () => {
    const { rows, holder, after } = await readAlong(n.nlWorker.token, n.huWorker);
    expect(holder).toMatchObject({ member_id: n.nlWorker.memberId, organisation_id: n.nl.organisationId });
    expect(rows).toEqual([
      { organisation: n.nl.organisationId, member: n.nlWorker.memberId, role: APP_ROLE, referrals: expect.any(Number) },
    ]);
    // A later read of the request acts for its context, as any read does once the check holds.
    expect(after).toEqual([
      { organisation: n.hu.organisationId, member: n.huWorker.memberId, role: APP_ROLE, referrals: expect.any(Number) },
    ]);
  });

  it('acts for nobody, as the application role, in the read that checks a token no longer valid', async () => {
    const worker = await seenWorker();
    await t.dataSource.query(`UPDATE api_tokens SET revoked_at = now() WHERE member_id = $1`, [worker.memberId]);
    const { rows, holder } = await readAlong(worker.token, worker);
    expect(holder).toBeUndefined();
    expect(rows).toEqual([{ organisation: NOBODY, member: NOBODY, role: APP_ROLE, referrals: 0 }]);
  });
});
