import { randomUUID } from 'node:crypto';
import { Party, TestApp } from './support/test-app.js';

const ADD = 'mutation($input: AddMemberInput!) { addMember(input: $input) { member { id displayName email roles } } }';
const ROLES = 'mutation($input: UpdateMemberRolesInput!) { updateMemberRoles(input: $input) { member { id roles } } }';
const REMOVE = 'mutation($input: RemoveMemberInput!) { removeMember(input: $input) { member { id removedAt } } }';
const MEMBERS = '{ members(first: 100) { edges { node { id roles organisation { id } } } } }';

const email = () => `${randomUUID()}@ngo.example`;

describe('members and roles', () => {
  let t: TestApp;
  let admin: Party;
  let partner: Party;

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.networkAdmin();
    partner = await t.organisation(admin);
  });
  afterAll(() => t.close());

  const rolesOf = async (memberId: string) => (await t.dataSource.query('SELECT roles FROM members WHERE id = $1', [memberId]))[0].roles;

  it('lets an ORG_ADMIN add a member of their own organisation', async () => {
    const address = email();
    const result = await t.gql(partner.token, ADD, {
      input: { displayName: ' Réka Szabó ', email: address.toUpperCase(), roles: ['CASE_WORKER'] },
    });
    expect(result.data.addMember?.member).toMatchObject({ displayName: 'Réka Szabó', email: address, roles: ['CASE_WORKER'] });
    const [row] = await t.dataSource.query('SELECT organisation_id FROM members WHERE id = $1', [result.data.addMember?.member.id]);
    expect(row.organisation_id).toBe(partner.organisationId);
  });

  it('refuses member management to a case worker', async () => {
    const caseWorker = await t.member(partner, ['CASE_WORKER']);
    const result = await t.gql(caseWorker.token, ADD, { input: { displayName: 'Someone', email: email(), roles: ['ORG_ADMIN'] } });
    expect(result.errorCodes).toEqual(['FORBIDDEN']);
  });

  it('refuses the NETWORK_ADMIN role to anyone granted by an ORG_ADMIN', async () => {
    const result = await t.gql(partner.token, ADD, { input: { displayName: 'Someone', email: email(), roles: ['NETWORK_ADMIN'] } });
    expect(result.errorCodes).toEqual(['FORBIDDEN']);
    const caseWorker = await t.member(partner, ['CASE_WORKER']);
    expect((await t.gql(partner.token, ROLES, { input: { memberId: caseWorker.memberId, roles: ['NETWORK_ADMIN'] } })).errorCodes).toEqual([
      'FORBIDDEN',
    ]);
    expect(await rolesOf(caseWorker.memberId)).toEqual(['CASE_WORKER']);
  });

  it('refuses a second active member with the same e-mail address', async () => {
    const address = email();
    await t.gql(partner.token, ADD, { input: { displayName: 'First', email: address, roles: ['ANALYST'] } });
    const result = await t.gql(partner.token, ADD, { input: { displayName: 'Second', email: address, roles: ['ANALYST'] } });
    expect(result.errorCodes).toEqual(['CONFLICT']);
  });

  it('rejects a member without roles', async () => {
    const result = await t.gql(partner.token, ADD, { input: { displayName: 'Nobody', email: email(), roles: [] } });
    expect(result.errorCodes).toEqual(['BAD_USER_INPUT']);
  });

  it('changes roles of its own members', async () => {
    const member = await t.member(partner, ['CASE_WORKER']);
    const result = await t.gql(partner.token, ROLES, { input: { memberId: member.memberId, roles: ['CASE_WORKER', 'PRACTICE_EDITOR'] } });
    expect(result.data.updateMemberRoles?.member.roles).toEqual(['CASE_WORKER', 'PRACTICE_EDITOR']);
    expect(await rolesOf(member.memberId)).toEqual(['CASE_WORKER', 'PRACTICE_EDITOR']);
  });

  it("answers another organisation's member as NOT_FOUND and changes nothing", async () => {
    const other = await t.organisation(admin);
    const foreign = await t.member(other, ['CASE_WORKER']);
    expect((await t.gql(partner.token, ROLES, { input: { memberId: foreign.memberId, roles: ['ORG_ADMIN'] } })).errorCodes).toEqual([
      'NOT_FOUND',
    ]);
    expect((await t.gql(partner.token, REMOVE, { input: { memberId: foreign.memberId } })).errorCodes).toEqual(['NOT_FOUND']);
    expect(await rolesOf(foreign.memberId)).toEqual(['CASE_WORKER']);
    expect((await t.gql(foreign.token, '{ me { id } }')).data.me.id).toBe(foreign.memberId);
  });

  it('lists only the members of your own organisation', async () => {
    const other = await t.organisation(admin);
    await t.member(other, ['CASE_WORKER']);
    const result = await t.gql(partner.token, MEMBERS);
    const organisations = new Set(result.data.members.edges.map((edge: any) => edge.node.organisation.id));
    expect([...organisations]).toEqual([partner.organisationId]);
  });

  it('keeps at least one ORG_ADMIN', async () => {
    const lone = await t.organisation(admin);
    const demote = await t.gql(lone.token, ROLES, { input: { memberId: lone.memberId, roles: ['CASE_WORKER'] } });
    expect(demote.errorCodes).toEqual(['CONFLICT']);
    expect((await t.gql(lone.token, REMOVE, { input: { memberId: lone.memberId } })).errorCodes).toEqual(['CONFLICT']);
    expect(await rolesOf(lone.memberId)).toEqual(['ORG_ADMIN']);
  });

  it('lets two admins not demote each other at the same moment into an organisation without admin', async () => {
    const organisation = await t.organisation(admin);
    const second = await t.member(organisation, ['ORG_ADMIN']);
    const results = await Promise.all([
      t.gql(organisation.token, ROLES, { input: { memberId: organisation.memberId, roles: ['CASE_WORKER'] } }),
      t.gql(second.token, ROLES, { input: { memberId: second.memberId, roles: ['CASE_WORKER'] } }),
    ]);
    expect(results.map((result) => result.errorCodes).flat()).toEqual(['CONFLICT']);
    const admins = await t.dataSource.query(`SELECT id FROM members WHERE organisation_id = $1 AND 'ORG_ADMIN' = ANY (roles)`, [
      organisation.organisationId,
    ]);
    expect(admins).toHaveLength(1);
  });

  it('removes a member: their tokens stop working at once', async () => {
    const member = await t.member(partner, ['CASE_WORKER']);
    const removed = await t.gql(partner.token, REMOVE, { input: { memberId: member.memberId } });
    expect(removed.data.removeMember?.member.removedAt).not.toBeNull();
    expect((await t.gql(member.token, '{ me { id } }')).errorCodes).toEqual(['UNAUTHENTICATED']);
    const tokens = await t.dataSource.query('SELECT revoked_at FROM api_tokens WHERE member_id = $1', [member.memberId]);
    expect(tokens.every((token: { revoked_at: Date | null }) => token.revoked_at !== null)).toBe(true);
  });
});
