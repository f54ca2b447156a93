import { Args, Mutation, ObjectType, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { hasRole } from '../auth/actor.js';
import type { Actor } from '../auth/actor.js';
import { ApiTokenEntity } from './api-token.entity.js';
import { CurrentActor, Roles } from '../auth/decorators.js';
import { Role } from '../auth/role.js';
import { Connection, PageArgs } from '../common/connection.js';
import type { GraphQLContext } from '../graphql/request-loaders.js';
import type { NoArgs } from '../fast-path/shared-empty-arguments.js';
import { AddMemberInput, RemoveMemberInput, UpdateMemberRolesInput } from './dto/member.inputs.js';
import { MemberEntity } from './member.entity.js';
import { MembersService } from './members.service.js';
import { OrganisationEntity } from './organisation.entity.js';
import { MemberLoaders, TOKEN_EVENTS_SHOWN } from './member-loaders.js';
import { AuditEventEntity } from '../audit/audit-event.entity.js';
import { AddMemberPayload, RemoveMemberPayload, UpdateMemberRolesPayload } from './dto/payloads.js';

@ObjectType()
export class MemberConnection extends Connection(MemberEntity, 'Member') {}

@Resolver(() => MemberEntity)
export class MembersResolver {
  constructor(private readonly service: MembersService) {}

  @Query(() => MemberEntity, { description: 'The member the token belongs to' })
  me(@CurrentActor() actor: Actor) {
    return this.service.me(actor);
  }

  @Roles(Role.ORG_ADMIN)
  @Query(() => MemberConnection, { description: "Your organisation's members" })
  members(@CurrentActor() actor: Actor, @Args() page: PageArgs) {
    return this.service.list(actor, page);
  }

  @Roles(Role.ORG_ADMIN)
  @Mutation(() => AddMemberPayload)
  async addMember(@CurrentActor() actor: Actor, @Args('input') input: AddMemberInput) {
    return { member: await this.service.add(actor, input) };
  }

  @Roles(Role.ORG_ADMIN)
  @Mutation(() => UpdateMemberRolesPayload)
  async updateMemberRoles(@CurrentActor() actor: Actor, @Args('input') input: UpdateMemberRolesInput) {
    return { member: await this.service.updateRoles(actor, input) };
  }

  @Roles(Role.ORG_ADMIN)
  @Mutation(() => RemoveMemberPayload, { description: 'Removes a member and revokes all of their tokens' })
  async removeMember(@CurrentActor() actor: Actor, @Args('input') input: RemoveMemberInput) {
    return { member: await this.service.remove(actor, input) };
  }

  @ResolveField(() => OrganisationEntity)
  organisation(member: MemberEntity, _args: NoArgs, context: GraphQLContext) {
    return context.loaders.byId(OrganisationEntity).load(member.organisationId);
  }

  @ResolveField(() => [ApiTokenEntity], { description: "The member's tokens (yourself, or any member for an ORG_ADMIN)" })
  async tokens(member: MemberEntity, _args: NoArgs, context: GraphQLContext) {
    const actor = context.req.actor as Actor;
    if (member.id !== actor.memberId && !hasRole(actor, Role.ORG_ADMIN)) return [];
    return context.loaders.of(MemberLoaders).tokens.load(member.id);
  }

  @ResolveField(() => ApiTokenEntity, {
    nullable: true,
    description: 'The token this request was made with, and its expiry (on yourself only)',
  })
  async currentToken(member: MemberEntity, _args: NoArgs, context: GraphQLContext) {
    const actor = context.req.actor as Actor;
    if (member.id !== actor.memberId) return null;
    const tokens = await context.loaders.of(MemberLoaders).tokens.load(member.id);
    return tokens.find((token) => token.id === actor.tokenId) ?? null;
  }

  @ResolveField(() => [AuditEventEntity], {
    description: `Tokens issued in the member's name and revoked, newest first, at most ${TOKEN_EVENTS_SHOWN} (yourself, or any member for an ORG_ADMIN)`,
  })
  async tokenEvents(member: MemberEntity, _args: NoArgs, context: GraphQLContext) {
    const actor = context.req.actor as Actor;
    if (member.id !== actor.memberId && !hasRole(actor, Role.ORG_ADMIN)) return [];
    return context.loaders.of(MemberLoaders).tokenEvents.load(member.id);
  }
}
