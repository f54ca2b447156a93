import { hash } from 'node:crypto';
import { useBuiltConsole } from './support/console-build.js';
import { Party, TestApp } from './support/test-app.js';

const ISSUE = `mutation($input: IssueSignInLinkInput!) { issueSignInLink(input: $input) { secret signInLink { memberId expiresAt } } }`;
const ME = { query: '{ me { id roles organisation { id } currentToken { name expiresAt } } }' };

const sessionOf = (setCookie: string[] | string | undefined): string =>
  /ravot_session=([^;]*)/.exec([setCookie ?? []].flat().join('\n'))?.[1] ?? '';

/**
 * One-time console sign-in links: an organisation's admin issues one for a member, who opens it once to get a
 * console session. Single use, even under concurrency; short-lived; dead once the member is removed; never across
 * organisations; kept as a hash; audited.
 */
describe('one-time sign-in links', () => {
  let t: TestApp;
  let org: Party;
  let worker: Party;
  let foreign: Party;

  beforeAll(async () => {
    await useBuiltConsole();
    t = await TestApp.start({ CONSOLE_SIGN_IN_LINK_HOURS: '2' });
    const admin = await t.networkAdmin();
    org = await t.organisation(admin, { country: 'NL', kind: 'SHELTER' });
    worker = await t.member(org, ['CASE_WORKER']);
    foreign = await t.organisation(admin, { country: 'HU' });
  });
  afterAll(() => t?.close());

  const issue = (by: Party, memberId: string) => t.gql(by.token, ISSUE, { input: { memberId } });
  const redeem = (link: unknown) => t.http.post('/console/session').set('content-type', 'application/json').send({ link });
  /** A link's row, found as the service finds it: by the secret's hash. */
  const linkIdOf = async (secret: string): Promise<string> =>
    (await t.dataSource.query(`SELECT id FROM sign_in_links WHERE link_hash = $1`, [hash('sha256', secret, 'hex')]))[0].id;
  const asSession = (session: string) =>
    t.http.post('/graphql').set('content-type', 'application/json').set('cookie', `ravot_session=${session}`).send(ME);

  it('lets an ORG_ADMIN issue a link, shown once and kept as a hash, that expires after CONSOLE_SIGN_IN_LINK_HOURS', async () => {
    const issued = await issue(org, worker.memberId);
    expect(issued.errorCodes).toEqual([]);
    const { secret, signInLink } = issued.data.issueSignInLink;
    expect(secret).toMatch(/^rvl_[A-Za-z0-9_-]{43}$/);
    expect(signInLink.memberId).toBe(worker.memberId);
    const hours = (Date.parse(signInLink.expiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(1.9);
    expect(hours).toBeLessThanOrEqual(2);
    const rows = await t.dataSource.query(`SELECT * FROM sign_in_links WHERE link_hash = $1`, [hash('sha256', secret, 'hex')]);
    expect(rows.map((row: { member_id: string }) => row.member_id)).toEqual([worker.memberId]);
    expect(JSON.stringify(rows)).not.toContain(secret.slice(4));
    const events = await t.dataSource.query(`SELECT action, actor_member_id FROM audit_events WHERE entity_id = $1`, [rows[0].id]);
    expect(events).toEqual([{ action: 'sign_in_link.issue', actor_member_id: org.memberId }]);
  });

  it('opens a console session for the member once; the link does not work a second time', async () => {
    const { secret } = (await issue(org, worker.memberId)).data.issueSignInLink;
    const first = await redeem(secret);
    expect(first.status).toBe(200);
    const cookie = [first.headers['set-cookie']].flat().join();
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const me = (await asSession(sessionOf(first.headers['set-cookie']))).body.data.me;
    expect([me.id, me.roles, me.organisation.id]).toEqual([worker.memberId, ['CASE_WORKER'], org.organisationId]);
    // It stands for a token of its own, which the member's tokens list shows and which lasts a working day at most.
    expect(me.currentToken.name).toBe('console sign-in link');
    expect(Date.parse(me.currentToken.expiresAt) - Date.now()).toBeLessThanOrEqual(12 * 3_600_000);

    const second = await redeem(secret);
    expect([second.status, second.body.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect(second.headers['set-cookie']).toBeUndefined();

    const events = await t.dataSource.query(`SELECT action, actor_member_id FROM audit_events WHERE entity_id = $1 ORDER BY sequence`, [
      await linkIdOf(secret),
    ]);
    expect(events).toEqual([
      { action: 'sign_in_link.issue', actor_member_id: org.memberId },
      { action: 'sign_in_link.redeem', actor_member_id: worker.memberId },
    ]);
  });

  it('ends the session the browser had before, at once (another member at a shared computer)', async () => {
    const before = sessionOf(
      (await t.http.post('/console/session').set('content-type', 'application/json').send({ token: org.token })).headers['set-cookie'],
    );
    expect((await asSession(before)).body.data.me.id).toBe(org.memberId);
    const { secret } = (await issue(org, worker.memberId)).data.issueSignInLink;
    const after = await redeem(secret).set('cookie', `ravot_session=${before}`);
    expect(after.status).toBe(200);
    expect((await asSession(before)).body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await asSession(sessionOf(after.headers['set-cookie']))).body.data.me.id).toBe(worker.memberId);
  });

  it('lets exactly one of two concurrent redemptions win', async () => {
    for (let round = 0; round < 3; round++) {
      const { secret } = (await issue(org, worker.memberId)).data.issueSignInLink;
      const answers = await Promise.all([redeem(secret), redeem(secret), redeem(secret)]);
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 401, 401]);
    }
  });

  it('refuses an expired link, a made-up one and a malformed one alike, and changes nothing', async () => {
    const { secret } = (await issue(org, worker.memberId)).data.issueSignInLink;
    const linkId = await linkIdOf(secret);
    await t.dataSource.query(`UPDATE sign_in_links SET expires_at = now() - interval '1 second' WHERE id = $1`, [linkId]);
    const sessionsBefore = await t.dataSource.query(`SELECT count(*)::int AS n FROM console_sessions`);
    for (const link of [secret, `rvl_${'A'.repeat(43)}`, 'rvl_short', 42]) {
      const answer = await redeem(link);
      expect([answer.status, answer.body.code, answer.body.message]).toEqual([
        401,
        'UNAUTHENTICATED',
        'This sign-in link is not valid: it is unknown, used or expired. Ask your administrator for a new one.',
      ]);
    }
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM console_sessions`)).toEqual(sessionsBefore);
    expect((await t.dataSource.query(`SELECT redeemed_at FROM sign_in_links WHERE id = $1`, [linkId]))[0].redeemed_at).toBeNull();
  });

  it('dies when the member is removed, before or after it was used', async () => {
    const leaving = await t.member(org, ['CASE_WORKER']);
    const unused = (await issue(org, leaving.memberId)).data.issueSignInLink.secret;
    const used = (await issue(org, leaving.memberId)).data.issueSignInLink.secret;
    const session = sessionOf((await redeem(used)).headers['set-cookie']);
    expect((await asSession(session)).body.data.me.id).toBe(leaving.memberId);

    const removed = await t.gql(org.token, `mutation($id: ID!) { removeMember(input: { memberId: $id }) { member { id } } }`, {
      id: leaving.memberId,
    });
    expect(removed.errorCodes).toEqual([]);
    expect((await redeem(unused)).status).toBe(401);
    expect((await asSession(session)).body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await issue(org, leaving.memberId)).errorCodes).toEqual(['NOT_FOUND']);
  });

  it('dies with the admin token it was issued with (a stolen token leaves no working link behind)', async () => {
    const second = await t.member(org, ['ORG_ADMIN']);
    const { secret } = (await issue(second, worker.memberId)).data.issueSignInLink;
    const tokenId = (await t.gql(second.token, '{ me { currentToken { id } } }')).data.me.currentToken.id;
    await t.gql(org.token, 'mutation($id: ID!) { revokeToken(input: { tokenId: $id }) { apiToken { id } } }', { id: tokenId });
    expect((await redeem(secret)).status).toBe(401);
  });

  it('is for ORG_ADMINs, for their own organisation: another organisation’s member is not found, like no member at all', async () => {
    expect((await issue(worker, worker.memberId)).errorCodes).toEqual(['FORBIDDEN']);
    const across = await issue(foreign, worker.memberId);
    const nowhere = await issue(foreign, '00000000-0000-4000-8000-000000000000');
    expect(across.errorCodes).toEqual(['NOT_FOUND']);
    expect(across.body).toEqual(nowhere.body);
    const bad = await issue(org, 'not-an-id');
    expect(bad.errorCodes).toEqual(['BAD_USER_INPUT']);
    const links = await t.dataSource.query(`SELECT count(*)::int AS n FROM sign_in_links WHERE organisation_id = $1`, [
      foreign.organisationId,
    ]);
    expect(links).toEqual([{ n: 0 }]);
  });

  it('keeps links apart by organisation under row-level security', async () => {
    await issue(foreign, foreign.memberId);
    const seen = await t.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT set_config('role', 'ravot_app', true), set_config('app.organisation_id', $1, true)`, [
        foreign.organisationId,
      ]);
      return manager.query(`SELECT DISTINCT organisation_id FROM sign_in_links`);
    });
    expect(seen).toEqual([{ organisation_id: foreign.organisationId }]);
  });
});
