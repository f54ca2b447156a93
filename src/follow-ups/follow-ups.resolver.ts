import { Args, Mutation, ObjectType, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/decorators.js';
import { Role } from '../auth/role.js';
import { Clock } from '../common/clock.js';
import { Connection } from '../common/connection.js';
import { consentStatus, ConsentStatus, RedactionReason } from '../personal-data/consent-terms.js';
import { andThen, readAlong } from '../fast-path/read-along.js';
import type { GraphQLContext } from '../graphql/request-loaders.js';
import type { NoArgs } from '../fast-path/shared-empty-arguments.js';
import { ReferralEntity } from '../referrals/referral.entity.js';
import { consentOf } from '../referrals/referrals.resolver.js';
import { noteOf, noteRedactionOf } from '../personal-data/disclosure-fields.js';
import { notePiece, SEALED_NOTE } from '../personal-data/sealed-notes.js';
import {
  AddFollowUpInput,
  CorrectFollowUpReportInput,
  FollowUpCount,
  FollowUpReportView,
  FollowUpsArgs,
  MoveFollowUpInput,
  SubmitFollowUpInput,
} from './dto/follow-up.types.js';
import { FollowUpReportsService } from './follow-up-reports.service.js';
import { followUpStatus, FollowUpStatus } from './follow-up-status.js';
import { FollowUpEntity } from './follow-up.entity.js';
import { FollowUpsService } from './follow-ups.service.js';
import { FollowUpLoaders } from './follow-up-loaders.js';
import { AddFollowUpPayload, CorrectFollowUpReportPayload, MoveFollowUpPayload, SubmitFollowUpPayload } from './dto/follow-up.payloads.js';

@ObjectType()
export class FollowUpConnection extends Connection(FollowUpEntity, 'FollowUp') {}

/** A follow-up's referral, as read along with it (a listed referral's latest follow-up) or from the batch. */
const referralOf = (followUp: FollowUpEntity, loaders: GraphQLContext['loaders']) =>
  readAlong(followUp.referral, () => loaders.byId(ReferralEntity).load(followUp.referralId));

/** Whether the referral's consent has lapsed, which cancels follow-ups not yet reported. */
export function referralStopped(loaders: GraphQLContext['loaders'], referral: ReferralEntity | null, at: Date): boolean | Promise<boolean> {
  if (!referral) return true;
  return andThen(consentOf(referral, loaders), (consent) => !consent || consentStatus(consent, at) !== ConsentStatus.ACTIVE);
}

const closureReasonOf = (followUp: FollowUpEntity) =>
  notePiece(followUp.subjectId, followUp.referralId, SEALED_NOTE.closureReason(followUp.id), followUp.closureReasonSealed);

@Roles(Role.CASE_WORKER)
@Resolver(() => FollowUpEntity)
export class FollowUpsResolver {
  constructor(
    private readonly schedule: FollowUpsService,
    private readonly reports: FollowUpReportsService,
    private readonly clock: Clock,
  ) {}

  @Query(() => FollowUpConnection, { description: "Your organisation's follow-ups to report, by due day" })
  followUps(@CurrentActor() actor: Actor, @Args() args: FollowUpsArgs) {
    return this.schedule.worklist(actor, args);
  }

  @Query(() => [FollowUpCount], { description: "How many of your organisation's follow-ups are in each status" })
  followUpCounts(@CurrentActor() actor: Actor) {
    return this.schedule.counts(actor);
  }

  @Mutation(() => SubmitFollowUpPayload, { description: 'Reports a follow-up (receiver only); the first report starts reintegration' })
  async submitFollowUp(@CurrentActor() actor: Actor, @Args('input') input: SubmitFollowUpInput) {
    return { followUp: await this.reports.submit(actor, input) };
  }

  @Mutation(() => CorrectFollowUpReportPayload, {
    description: 'Corrects a report within 7 days; the earlier version stays in the history',
  })
  async correctFollowUpReport(@CurrentActor() actor: Actor, @Args('input') input: CorrectFollowUpReportInput) {
    return { followUp: await this.reports.correct(actor, input) };
  }

  @Mutation(() => AddFollowUpPayload, { description: 'Adds an extra follow-up (receiver only)' })
  async addFollowUp(@CurrentActor() actor: Actor, @Args('input') input: AddFollowUpInput) {
    return { followUp: await this.schedule.add(actor, input) };
  }

  @Mutation(() => MoveFollowUpPayload, { description: 'Moves a due day, with a reason kept in the history (receiver only)' })
  async moveFollowUp(@CurrentActor() actor: Actor, @Args('input') input: MoveFollowUpInput) {
    return { followUp: await this.schedule.move(actor, input) };
  }

  @ResolveField(() => FollowUpStatus, { description: 'Derived from the dates and the clock' })
  status(followUp: FollowUpEntity, _args: NoArgs, { loaders }: GraphQLContext) {
    return andThen(referralOf(followUp, loaders), (referral) =>
      andThen(referralStopped(loaders, referral, this.clock.now()), (stopped) => followUpStatus(followUp, this.clock.today(), stopped)),
    );
  }

  @ResolveField(() => FollowUpReportView, { nullable: true, description: 'The current version of the report' })
  async report(followUp: FollowUpEntity, _args: NoArgs, { loaders }: GraphQLContext) {
    return (await loaders.of(FollowUpLoaders).reports.load(followUp.id))[0] ?? null;
  }

  @ResolveField(() => [FollowUpReportView], { description: 'Every version, newest first' })
  reportHistory(followUp: FollowUpEntity, _args: NoArgs, { loaders }: GraphQLContext) {
    return loaders.of(FollowUpLoaders).reports.load(followUp.id);
  }

  @ResolveField(() => String, {
    nullable: true,
    description: 'Why the referral was closed before this follow-up; null when none or withheld',
  })
  closureReason(followUp: FollowUpEntity, _args: NoArgs, { loaders }: GraphQLContext) {
    return noteOf(loaders, closureReasonOf(followUp));
  }

  @ResolveField(() => RedactionReason, { nullable: true, description: 'Why closureReason is withheld from you' })
  closureReasonRedaction(followUp: FollowUpEntity, _args: NoArgs, { loaders }: GraphQLContext) {
    return noteRedactionOf(loaders, closureReasonOf(followUp));
  }

  @ResolveField(() => ReferralEntity)
  referral(followUp: FollowUpEntity, _args: NoArgs, { loaders }: GraphQLContext) {
    return referralOf(followUp, loaders);
  }
}
