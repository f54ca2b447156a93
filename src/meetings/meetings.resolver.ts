import { idPipe } from '../common/id.pipe.js';
import { Args, ID, Mutation, ObjectType, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/decorators.js';
import { Role } from '../auth/role.js';
import { Connection } from '../common/connection.js';
import type { GraphQLContext } from '../graphql/request-loaders.js';
import type { NoArgs } from '../fast-path/shared-empty-arguments.js';
import { OrganisationEntity } from '../organisations/organisation.entity.js';
import { CreateMeetingInput, UpdateMeetingInput } from './dto/meeting.inputs.js';
import { MeetingsArgs } from './dto/meetings.args.js';
import { ExpertMeetingEntity } from './expert-meeting.entity.js';
import { MeetingLoaders } from './meeting-loaders.js';
import { MeetingParticipantEntity } from './meeting-participant.entity.js';
import { MeetingsService } from './meetings.service.js';
import { CreateMeetingPayload, UpdateMeetingPayload } from './dto/meeting.payloads.js';

@ObjectType()
export class ExpertMeetingConnection extends Connection(ExpertMeetingEntity, 'ExpertMeeting') {}

@Resolver(() => ExpertMeetingEntity)
export class MeetingsResolver {
  constructor(private readonly service: MeetingsService) {}

  @Query(() => ExpertMeetingConnection, { description: "The network's expert meetings, upcoming or past" })
  meetings(@CurrentActor() actor: Actor, @Args() args: MeetingsArgs) {
    return this.service.list(actor, args);
  }

  @Query(() => ExpertMeetingEntity)
  meeting(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }, idPipe('id', 'an expert meeting id')) id: string) {
    return this.service.get(actor, id);
  }

  @Roles(Role.PRACTICE_EDITOR, Role.ORG_ADMIN)
  @Mutation(() => CreateMeetingPayload, { description: 'Creates a meeting hosted by your organisation' })
  async createMeeting(@CurrentActor() actor: Actor, @Args('input') input: CreateMeetingInput) {
    return { meeting: await this.service.create(actor, input) };
  }

  @Roles(Role.PRACTICE_EDITOR, Role.ORG_ADMIN)
  @Mutation(() => UpdateMeetingPayload, { description: 'Changes a meeting your organisation hosts: details, participants, status' })
  async updateMeeting(@CurrentActor() actor: Actor, @Args('input') input: UpdateMeetingInput) {
    return { meeting: await this.service.update(actor, input) };
  }

  @ResolveField(() => OrganisationEntity, { description: 'The host organisation' })
  host(meeting: ExpertMeetingEntity, _args: NoArgs, context: GraphQLContext) {
    return context.loaders.byId(OrganisationEntity).load(meeting.organisationId);
  }

  @ResolveField(() => [MeetingParticipantEntity])
  participants(meeting: ExpertMeetingEntity, _args: NoArgs, context: GraphQLContext) {
    return context.loaders.of(MeetingLoaders).participantsByMeeting.load(meeting.id);
  }
}

@Resolver(() => MeetingParticipantEntity)
export class MeetingParticipantResolver {
  @ResolveField(() => OrganisationEntity)
  organisation(participant: MeetingParticipantEntity, _args: NoArgs, context: GraphQLContext) {
    return context.loaders.byId(OrganisationEntity).load(participant.organisationId);
  }
}
