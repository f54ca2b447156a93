import { GraphQLSchemaHost } from '@nestjs/graphql';
import { GraphQLSchema } from 'graphql';
import { Role } from '../src/auth/role.js';
import { WHO_MAY } from './authorization-matrix.js';
import { operationFor } from './support/operation-builder.js';
import { Party, TestApp } from './support/test-app.js';

/**
 * Every query and mutation of the schema, called as: no token, a revoked
 * token, a suspended organisation's member, and a member with each single role.
 * A role the table does not list must get FORBIDDEN and no data; a listed role
 * must get past authorisation (an answer, or a domain error such as NOT_FOUND
 * for the placeholder ids), and nothing may ever be an internal error.
 */
/** Operations whose placeholder must name the caller's own organisation to get past the (public) directory's ownership rule. */
const OWN_TARGET: Record<string, (party: Party) => Record<string, unknown>> = {
  updateOrganisation: (party) => ({ input: { id: party.organisationId } }),
};

describe('the authorisation matrix', () => {
  let t: TestApp;
  let schema: GraphQLSchema;
  const byRole = new Map<Role, Party>();
  let revoked: Party;
  let suspended: Party;
  const operations: { kind: 'query' | 'mutation'; name: string }[] = [];

  beforeAll(async () => {
    t = await TestApp.start({ RATE_LIMIT_PER_MINUTE: '100000' });
    schema = t.app.get(GraphQLSchemaHost).schema;
    operations.push(
      ...Object.keys(schema.getQueryType()!.getFields()).map((name) => ({ kind: 'query' as const, name })),
      ...Object.keys(schema.getMutationType()!.getFields()).map((name) => ({ kind: 'mutation' as const, name })),
    );
    const admin = await t.networkAdmin();
    const organisation = await t.organisation(admin);
    for (const role of Object.values(Role)) {
      byRole.set(role, role === Role.NETWORK_ADMIN ? await networkAdminOnly(admin) : await t.member(organisation, [role]));
    }
    revoked = await t.member(organisation, [Role.CASE_WORKER]);
    const { data } = await t.gql(revoked.token, '{ me { tokens { id } } }');
    await t.gql(revoked.token, 'mutation($id: ID!) { revokeToken(input: { tokenId: $id }) { apiToken { id } } }', {
      id: data.me.tokens[0].id,
    });
    const elsewhere = await t.organisation(admin);
    suspended = await t.member(elsewhere, [Role.CASE_WORKER]);
    await t.gql(admin.token, 'mutation($id: ID!) { suspendOrganisation(input: { id: $id, reason: "Matrix" }) { organisation { id } } }', {
      id: elsewhere.organisationId,
    });
  });
  afterAll(async () => {
    await t.close();
    delete process.env.RATE_LIMIT_PER_MINUTE;
  });

  /** A member of the secretariat who holds NETWORK_ADMIN and nothing else. */
  async function networkAdminOnly(admin: Party): Promise<Party> {
    const member = await t.member(admin, [Role.NETWORK_ADMIN]);
    return member;
  }

  it('lists every operation of the schema, and no operation that is not in it', () => {
    expect(operations.map((o) => o.name).sort()).toEqual(Object.keys(WHO_MAY).sort());
  });

  it('refuses every operation without a valid token, to a revoked token and to a suspended organisation', async () => {
    const cells: string[] = [];
    for (const { kind, name } of operations) {
      const { query, variables } = operationFor(schema, kind, name);
      for (const [who, token] of [
        ['no token', null],
        ['revoked token', revoked.token],
        ['suspended organisation', suspended.token],
      ] as const) {
        const result = await t.gql(token, query, variables);
        if (result.errorCodes.join() !== 'UNAUTHENTICATED' || (result.body.data && result.body.data[name] !== null)) {
          cells.push(`${name} / ${who}: ${result.errorCodes.join() || 'answered'}`);
        }
      }
    }
    expect(cells).toEqual([]);
  });

  it('lets each role do exactly what the table says', async () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const { kind, name } of operations) {
      for (const [role, party] of byRole) {
        const { query, variables } = operationFor(schema, kind, name);
        const result = await t.gql(party.token, query, { ...variables, ...OWN_TARGET[name]?.(party) });
        const codes = result.errorCodes;
        const allowed = WHO_MAY[name]?.includes(role);
        const refused = codes.includes('FORBIDDEN') || codes.includes('UNAUTHENTICATED');
        if (codes.includes('INTERNAL_SERVER_ERROR')) wrong.push(`${name} as ${role}: internal error`);
        else if (allowed && refused) wrong.push(`${name} as ${role}: refused, but the table allows it`);
        else if (!allowed && (!codes.includes('FORBIDDEN') || (result.body.data && result.body.data[name] != null))) {
          wrong.push(`${name} as ${role}: ${codes.join() || 'answered'}, but the table forbids it`);
        }
        checked++;
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBe(operations.length * Object.values(Role).length);
  });
});
