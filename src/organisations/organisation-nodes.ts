import { hasRole } from '../auth/actor.js';
import type { Actor } from '../auth/actor.js';
import { Role } from '../auth/role.js';
import { loadAll, NodeType } from '../graphql/node.js';
import { ApiTokenEntity } from './api-token.entity.js';
import { MemberEntity } from './member.entity.js';
import { OrganisationEntity } from './organisation.entity.js';

/** As `me` (yourself) and `members` (an ORG_ADMIN, the organisation's current members) show them. */
const seesMember = (actor: Actor, member: MemberEntity) =>
  member.organisationId === actor.organisationId &&
  member.removedAt === null &&
  (member.id === actor.memberId || hasRole(actor, Role.ORG_ADMIN));

/** As a member's `tokens` field lists them: your own, or any of your organisation's for an ORG_ADMIN. */
const seesToken = (actor: Actor, token: ApiTokenEntity) =>
  token.organisationId === actor.organisationId && (token.memberId === actor.memberId || hasRole(actor, Role.ORG_ADMIN));

/** The directory (network-wide, as organisation(id)), and an organisation's own members and tokens. */
export const ORGANISATION_NODES: NodeType[] = [
  { name: 'Organisation', table: 'organisations', load: (scope, ids) => loadAll(scope.byId(OrganisationEntity), ids) },
  {
    name: 'Member',
    table: 'members',
    load: async (scope, ids) =>
      (await loadAll(scope.byId(MemberEntity), ids)).map((member) => (member && seesMember(scope.actor, member) ? member : null)),
  },
  {
    name: 'ApiToken',
    table: 'api_tokens',
    load: async (scope, ids) =>
      (await loadAll(scope.byId(ApiTokenEntity), ids)).map((token) => (token && seesToken(scope.actor, token) ? token : null)),
  },
];
