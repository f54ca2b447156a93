import { Party, TestApp } from './support/test-app.js';

const ISSUE = `mutation($input: IssueTokenInput!) { issueToken(input: $input) { token apiToken { id expiresAt issuedByMemberId } } }`;
const REVOKE = 'mutation($id: ID!) { revokeToken(input: { tokenId: $id }) { apiToken { id revokedAt } } }';
const ME = '{ me { id currentToken { id name expiresAt } tokenEvents { action entityId actorMemberId } } }';
const SET_MAX =
  'mutation($id: ID!, $days: Int!) { updateOrganisation(input: { id: $id, maxTokenDays: $days }) { organisation { maxTokenDays } } }';

/**
 * Token hygiene: a token records who issued it and with which token; revoking a token revokes every token issued
 * with it, at any remove and across organisations; an organisation caps its tokens' lifetime; a member sees its
 * current token's expiry and the tokens issued in its name.
 */
describe('tokens and the tokens they issue', () => {
  let t: TestApp;
  let admin: Party;
  let orgAdmin: Party;
  let worker: Party;

  beforeAll(async () => {
    t = await TestApp.start({ RATE_LIMIT_PER_MINUTE: '100000' });
    admin = await t.networkAdmin();
    orgAdmin = await t.organisation(admin);
    worker = await t.member(orgAdmin, ['CASE_WORKER']);
  });
  afterAll(async () => {
    await t.close();
    delete process.env.RATE_LIMIT_PER_MINUTE;
  });

  const issue = async (with_: string, input: Record<string, unknown>) => {
    const result = await t.gql(with_, ISSUE, { input: { name: 'laptop', ...input } });
    return { ...result, issued: result.data?.issueToken as { token: string; apiToken: { id: string; issuedByMemberId: string } } };
  };
  const works = async (token: string) => (await t.gql(token, '{ me { id } }')).errorCodes.length === 0;

  it('revokes every token issued with a revoked token, at any remove, and no other', async () => {
    const stolen = (await issue(worker.token, {})).issued;
    const child = (await issue(stolen.token, {})).issued;
    const grandchild = (await issue(child.token, {})).issued;
    const sibling = (await issue(worker.token, {})).issued;
    expect(child.apiToken.issuedByMemberId).toBe(worker.memberId);
    for (const token of [stolen, child, grandchild, sibling]) expect(await works(token.token)).toBe(true);

    expect((await t.gql(worker.token, REVOKE, { id: stolen.apiToken.id })).errorCodes).toEqual([]);
    expect(await works(stolen.token)).toBe(false);
    expect(await works(child.token)).toBe(false);
    expect(await works(grandchild.token)).toBe(false);
    const unauthenticated = await t.gql(grandchild.token, '{ me { id } }');
    expect(unauthenticated.errorCodes).toEqual(['UNAUTHENTICATED']);
    // Tokens issued with another token, and the one that issued it, still work.
    expect(await works(sibling.token)).toBe(true);
    expect(await works(worker.token)).toBe(true);
  });

  it("revokes an organisation's first admin token with the network admin token that created the organisation", async () => {
    const session = (await issue(admin.token, { name: 'session' })).issued;
    const created = await t.organisation({ ...admin, token: session.token });
    const member = await t.member(created, ['CASE_WORKER']);
    expect(await works(created.token)).toBe(true);
    await t.gql(admin.token, REVOKE, { id: session.apiToken.id });
    expect(await works(created.token)).toBe(false);
    expect(await works(member.token)).toBe(false);
    expect(await works(admin.token)).toBe(true);
  });

  it("caps a token's lifetime at the organisation's maximum, which only its admins set", async () => {
    const tooLong = await issue(worker.token, { expiresInDays: 365 });
    expect(tooLong.errorCodes).toEqual(['BAD_USER_INPUT']);
    expect(tooLong.body.errors![0].message).toBe(
      'Tokens of your organisation last at most 90 days (its ORG_ADMIN sets this): ask for 90 or fewer.',
    );
    expect((await t.gql(worker.token, SET_MAX, { id: orgAdmin.organisationId, days: 365 })).errorCodes).toEqual(['FORBIDDEN']);
    expect((await t.gql(orgAdmin.token, SET_MAX, { id: orgAdmin.organisationId, days: 0 })).errorCodes).toEqual(['BAD_USER_INPUT']);
    expect((await t.gql(orgAdmin.token, SET_MAX, { id: orgAdmin.organisationId, days: 7 })).data.updateOrganisation?.organisation).toEqual({
      maxTokenDays: 7,
    });
    expect((await issue(worker.token, { expiresInDays: 8 })).errorCodes).toEqual(['BAD_USER_INPUT']);
    const week = await issue(worker.token, { expiresInDays: 7 });
    expect(week.errorCodes).toEqual([]);
    const days = (Date.parse(week.data.issueToken.apiToken.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);
    await t.gql(orgAdmin.token, SET_MAX, { id: orgAdmin.organisationId, days: 90 });
  });

  it("shows a member its current token's expiry, and the tokens issued in its name", async () => {
    const byAdmin = (await issue(orgAdmin.token, { memberId: worker.memberId, name: 'issued for you' })).issued;
    const me = (await t.gql(byAdmin.token, ME)).data.me;
    expect(me.currentToken).toMatchObject({ id: byAdmin.apiToken.id, name: 'issued for you' });
    expect(Date.parse(me.currentToken.expiresAt)).toBeGreaterThan(Date.now());
    expect(me.tokenEvents[0]).toEqual({ action: 'token.issue', entityId: byAdmin.apiToken.id, actorMemberId: orgAdmin.memberId });
    // Another member sees neither; the organisation's admin sees the events, not the current token.
    const colleague = await t.member(orgAdmin, ['CASE_WORKER']);
    const members = `{ members(first: 50) { edges { node { id currentToken { id } tokenEvents { entityId } tokens { id issuedByMemberId } } } } }`;
    const asAdmin = (await t.gql(orgAdmin.token, members)).data.members.edges.map((edge: any) => edge.node);
    const workerSeen = asAdmin.find((node: any) => node.id === worker.memberId);
    expect(workerSeen.currentToken).toBeNull();
    expect(workerSeen.tokenEvents.map((event: any) => event.entityId)).toContain(byAdmin.apiToken.id);
    expect(workerSeen.tokens.find((token: any) => token.id === byAdmin.apiToken.id).issuedByMemberId).toBe(orgAdmin.memberId);
    expect((await t.gql(colleague.token, members)).errorCodes).toEqual(['FORBIDDEN']);
  });
});
