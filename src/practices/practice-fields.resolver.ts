import { Args, Context, Int, ObjectType, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { Actor } from '../auth/actor.js';
import { Connection, PageArgs } from '../common/connection.js';
import type { GraphQLContext } from '../graphql/request-loaders.js';
import type { NoArgs } from '../fast-path/shared-empty-arguments.js';
import { ExpertMeetingEntity } from '../meetings/expert-meeting.entity.js';
import { MeetingLoaders } from '../meetings/meeting-loaders.js';
import { MemberEntity } from '../organisations/member.entity.js';
import { readAlong } from '../fast-path/read-along.js';
import { OrganisationEntity } from '../organisations/organisation.entity.js';
import { PracticeConnection, PracticeEdge, SnippetPart } from './dto/practice-connection.js';
import { PracticeCommentEntity } from './practice-comment.entity.js';
import { PracticeLoaders } from './practice-loaders.js';
import { PracticeRevisionEntity } from './practice-revision.entity.js';
import { PracticeEntity } from './practice.entity.js';

@ObjectType()
export class PracticeCommentConnection extends Connection(PracticeCommentEntity, 'PracticeComment') {}

const MEMBER_NAMES = "Members are seen by their own organisation only: null for another organisation's member";

@Resolver(() => PracticeEntity)
export class PracticeFieldsResolver {
  @ResolveField(() => OrganisationEntity, { description: 'The author organisation' })
  organisation(practice: PracticeEntity, _args: NoArgs, context: GraphQLContext) {
    // A list or a search reads the author organisation along.
    return readAlong(practice.organisation, () => context.loaders.byId(OrganisationEntity).load(practice.organisationId));
  }

  @ResolveField(() => OrganisationEntity)
  contactOrganisation(practice: PracticeEntity, _args: NoArgs, context: GraphQLContext) {
    return context.loaders.byId(OrganisationEntity).load(practice.contactOrganisationId);
  }

  @ResolveField(() => MemberEntity, { nullable: true, description: `Who wrote it. ${MEMBER_NAMES}` })
  author(practice: PracticeEntity, _args: NoArgs, context: GraphQLContext) {
    return context.loaders.of(PracticeLoaders).members.load(practice.authorMemberId);
  }

  @ResolveField(() => ExpertMeetingEntity, { nullable: true, description: 'The expert meeting the record came out of' })
  meeting(practice: PracticeEntity, _args: NoArgs, context: GraphQLContext) {
    return practice.meetingId ? context.loaders.of(MeetingLoaders).meetings.load(practice.meetingId) : null;
  }

  @ResolveField(() => Int)
  async endorsementCount(practice: PracticeEntity, _args: NoArgs, context: GraphQLContext) {
    return (await context.loaders.of(PracticeLoaders).endorsersByPractice.load(practice.id)).length;
  }

  @ResolveField(() => [OrganisationEntity], { description: 'The organisations that endorse the record, first endorsement first' })
  async endorsedBy(practice: PracticeEntity, _args: NoArgs, context: GraphQLContext) {
    const ids = await context.loaders.of(PracticeLoaders).endorsersByPractice.load(practice.id);
    return (await context.loaders.byId(OrganisationEntity).loadMany(ids)).filter(
      (organisation) => organisation && !(organisation instanceof Error),
    );
  }

  @ResolveField(() => Boolean, { description: 'Whether your organisation endorses the record' })
  async endorsedByYourOrganisation(practice: PracticeEntity, _args: NoArgs, context: GraphQLContext) {
    const actor = context.req.actor as Actor;
    return (await context.loaders.of(PracticeLoaders).endorsersByPractice.load(practice.id)).includes(actor.organisationId);
  }

  @ResolveField(() => [PracticeRevisionEntity], { description: 'Earlier texts of the published record, newest first' })
  revisions(practice: PracticeEntity, _args: NoArgs, context: GraphQLContext) {
    return context.loaders.of(PracticeLoaders).revisionsByPractice.load(practice.id);
  }

  @ResolveField(() => PracticeCommentConnection, { description: 'Comments, oldest first' })
  comments(@Parent() practice: PracticeEntity, @Args() page: PageArgs, @Context() context: GraphQLContext) {
    return context.loaders.of(PracticeLoaders).comments(page).load(practice.id);
  }
}

@Resolver(() => PracticeEdge)
export class PracticeEdgeResolver {
  @ResolveField(() => [SnippetPart], {
    nullable: true,
    description: 'Passages of the summary and body around the matched words; null without a search',
  })
  snippet(edge: PracticeEdge, _args: NoArgs, context: GraphQLContext) {
    return edge.search ? context.loaders.of(PracticeLoaders).snippets.load({ id: edge.node.id, reading: edge.search }) : null;
  }
}

@Resolver(() => PracticeRevisionEntity)
export class PracticeRevisionResolver {
  @ResolveField(() => MemberEntity, { nullable: true, description: `Who replaced this text. ${MEMBER_NAMES}` })
  revisedBy(revision: PracticeRevisionEntity, _args: NoArgs, context: GraphQLContext) {
    return context.loaders.of(PracticeLoaders).members.load(revision.revisedByMemberId);
  }
}

@Resolver(() => PracticeCommentEntity)
export class PracticeCommentResolver {
  @ResolveField(() => OrganisationEntity, { description: 'The organisation on whose behalf the comment was written' })
  organisation(comment: PracticeCommentEntity, _args: NoArgs, context: GraphQLContext) {
    return context.loaders.byId(OrganisationEntity).load(comment.organisationId);
  }

  @ResolveField(() => MemberEntity, { nullable: true, description: `Who wrote it. ${MEMBER_NAMES}` })
  author(comment: PracticeCommentEntity, _args: NoArgs, context: GraphQLContext) {
    return context.loaders.of(PracticeLoaders).members.load(comment.memberId);
  }
}

/** A meeting's outcomes: the published practices linked to it. */
@Resolver(() => ExpertMeetingEntity)
export class MeetingPracticesResolver {
  @ResolveField(() => PracticeConnection, { description: 'The published practices that came out of the meeting, newest first' })
  async practices(@Parent() meeting: ExpertMeetingEntity, @Args() page: PageArgs, @Context() context: GraphQLContext) {
    const connection = await context.loaders.of(PracticeLoaders).practicesOfMeeting(page).load(meeting.id);
    return { ...connection, edges: connection.edges.map((edge) => ({ ...edge, rank: null, snippet: null })) };
  }
}
