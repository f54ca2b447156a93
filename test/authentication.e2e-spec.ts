import { Party, TestApp } from './support/test-app.js';

const ME = '{ me { id organisation { id } } }';

describe('authentication with API tokens', () => {
  let t: TestApp;
  let admin: Party;
  let partner: Party;

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.networkAdmin();
    partner = await t.organisation(admin);
  });
  afterAll(() => t.close());

  it('answers a valid token with the member it belongs to', async () => {
    const result = await t.gql(partner.token, ME);
    expect(result.data.me).toEqual({ id: partner.memberId, organisation: { id: partner.organisationId } });
  });

  it.each([
    ['no token', null],
    ['a malformed token', 'not-a-token'],
    ['an unknown token of the right shape', `rvt_AAAAAAAA_${'A'.repeat(43)}`],
  ])('refuses %s with UNAUTHENTICATED and no data', async (_, token) => {
    const result = await t.gql(token, ME);
    expect(result.errorCodes).toEqual(['UNAUTHENTICATED']);
    expect(result.body.data).toBeNull();
  });

  it('answers concurrent requests of different organisations each with its own member and rows', async () => {
    const parties = [partner];
    for (let i = 0; i < 3; i++) parties.push(await t.organisation(admin));
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) => parties[i % parties.length]).map(async (party) => ({
        party,
        result: await t.gql(party.token, '{ me { organisation { id } } members { edges { node { organisation { id } } } } }'),
      })),
    );
    for (const { party, result } of results) {
      expect(result.data.me.organisation.id).toBe(party.organisationId);
      const seen = result.data.members.edges.map((edge: { node: { organisation: { id: string } } }) => edge.node.organisation.id);
      expect(new Set(seen)).toEqual(new Set([party.organisationId]));
    }
  });

  it('stores only a hash of the token, never the token itself', async () => {
    const rows = await t.dataSource.query('SELECT * FROM api_tokens WHERE member_id = $1', [partner.memberId]);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(partner.token);
    expect(partner.token.startsWith(rows[0].prefix)).toBe(true);
  });

  it('records when a token was last used', async () => {
    const member = await t.member(partner, ['CASE_WORKER']);
    await t.gql(member.token, ME);
    const result = await t.gql(member.token, '{ me { tokens { prefix lastUsedAt } } }');
    expect(result.data.me.tokens[0].lastUsedAt).not.toBeNull();
  });

  it('refuses a revoked token at once', async () => {
    const member = await t.member(partner, ['CASE_WORKER']);
    const { data } = await t.gql(member.token, '{ me { tokens { id } } }');
    const revoked = await t.gql(member.token, 'mutation($id: ID!) { revokeToken(input: { tokenId: $id }) { apiToken { revokedAt } } }', {
      id: data.me.tokens[0].id,
    });
    expect(revoked.data.revokeToken?.apiToken.revokedAt).not.toBeNull();
    expect((await t.gql(member.token, ME)).errorCodes).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses an expired token', async () => {
    const member = await t.member(partner, ['CASE_WORKER']);
    await t.dataSource.query(`UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE member_id = $1`, [member.memberId]);
    expect((await t.gql(member.token, ME)).errorCodes).toEqual(['UNAUTHENTICATED']);
  });

  it("stops a suspended organisation's tokens at once, and reactivation restores them", async () => {
    const other = await t.organisation(admin);
    const caseWorker = await t.member(other, ['CASE_WORKER']);
    const suspended = await t.gql(
      admin.token,
      'mutation($id: ID!) { suspendOrganisation(input: { id: $id, reason: "Partnership paused" }) { organisation { active suspendedAt } } }',
      { id: other.organisationId },
    );
    expect(suspended.data.suspendOrganisation?.organisation).toEqual({ active: false, suspendedAt: expect.any(String) });
    expect((await t.gql(other.token, ME)).errorCodes).toEqual(['UNAUTHENTICATED']);
    expect((await t.gql(caseWorker.token, ME)).errorCodes).toEqual(['UNAUTHENTICATED']);

    await t.gql(admin.token, 'mutation($id: ID!) { reactivateOrganisation(input: { id: $id }) { organisation { active } } }', {
      id: other.organisationId,
    });
    expect((await t.gql(caseWorker.token, ME)).data.me.id).toBe(caseWorker.memberId);
  });

  it('lets a member issue a token for themselves, shown once', async () => {
    const member = await t.member(partner, ['CASE_WORKER']);
    const issued = await t.gql(
      member.token,
      'mutation { issueToken(input: { name: "phone", expiresInDays: 7 }) { token apiToken { name prefix expiresAt } } }',
    );
    const { token, apiToken } = issued.data.issueToken;
    expect(token.startsWith(apiToken.prefix)).toBe(true);
    expect(new Date(apiToken.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(7 * 86_400_000);
    expect((await t.gql(token, ME)).data.me.id).toBe(member.memberId);
    const listed = await t.gql(member.token, '{ me { tokens { name } } }');
    expect(JSON.stringify(listed.body)).not.toContain(token);
  });

  it('does not let a case worker issue a token for a colleague', async () => {
    const first = await t.member(partner, ['CASE_WORKER']);
    const second = await t.member(partner, ['CASE_WORKER']);
    const result = await t.gql(first.token, 'mutation($id: ID!) { issueToken(input: { memberId: $id, name: "x" }) { token } }', {
      id: second.memberId,
    });
    expect(result.errorCodes).toEqual(['FORBIDDEN']);
  });

  it("answers another organisation's token id as not found, and leaves it working", async () => {
    const other = await t.organisation(admin);
    const { data } = await t.gql(other.token, '{ me { tokens { id } } }');
    const result = await t.gql(partner.token, 'mutation($id: ID!) { revokeToken(input: { tokenId: $id }) { apiToken { id } } }', {
      id: data.me.tokens[0].id,
    });
    expect(result.errorCodes).toEqual(['NOT_FOUND']);
    expect((await t.gql(other.token, ME)).data.me.id).toBe(other.memberId);
  });
});
