import { ResolveField, Resolver, registerEnumType } from '@nestjs/graphql';
import { Clock } from '../common/clock.js';
import { readAlong } from '../fast-path/read-along.js';
import type { GraphQLContext } from '../graphql/request-loaders.js';
import type { NoArgs } from '../fast-path/shared-empty-arguments.js';
import { ReferralEntity } from '../referrals/referral.entity.js';
import { ReintegrationProgress } from './dto/follow-up.types.js';
import { progressFrom } from './follow-up-reports.service.js';
import { isEscalated } from './follow-up-status.js';
import { FollowUpEntity } from './follow-up.entity.js';
import { referralStopped } from './follow-ups.resolver.js';
import { FollowUpLoaders } from './follow-up-loaders.js';
import type { WithLatestFollowUp } from './latest-follow-up.js';

export enum ReferralFlag {
  FOLLOW_UP_OVERDUE_30_DAYS = 'FOLLOW_UP_OVERDUE_30_DAYS',
}

registerEnumType(ReferralFlag, { name: 'ReferralFlag' });

/** What the follow-ups add to a referral: the schedule, the progress over time, and the escalation flag. */
@Resolver(() => ReferralEntity)
export class ReferralFollowUpsResolver {
  constructor(private readonly clock: Clock) {}

  @ResolveField(() => [FollowUpEntity], { description: 'The follow-ups after return, by due day' })
  followUps(referral: ReferralEntity, _args: NoArgs, { loaders }: GraphQLContext) {
    return loaders.of(FollowUpLoaders).byReferral.load(referral.id);
  }

  @ResolveField(() => FollowUpEntity, {
    nullable: true,
    description: 'The follow-up due most recently (on or before today); null before the first falls due',
  })
  latestFollowUp(referral: WithLatestFollowUp, _args: NoArgs, { loaders }: GraphQLContext) {
    return readAlong(referral.latestFollowUp, () => loaders.of(FollowUpLoaders).latest.load(referral.id));
  }

  @ResolveField(() => [ReintegrationProgress], {
    nullable: true,
    description: 'The scores over time per dimension; null when the reports are withheld from you',
  })
  async reintegrationProgress(referral: ReferralEntity, _args: NoArgs, { loaders }: GraphQLContext) {
    const followUps = await loaders.of(FollowUpLoaders).byReferral.load(referral.id);
    const reports = await loaders.of(FollowUpLoaders).reports.loadMany(followUps.map((f) => f.id));
    const latest = new Map(followUps.map((f, i) => [f.id, (reports[i] as Exclude<(typeof reports)[number], Error>)[0]]));
    if ([...latest.values()].some((report) => report && !report.content)) return null;
    return progressFrom(followUps, latest);
  }

  @ResolveField(() => [ReferralFlag], { description: 'FOLLOW_UP_OVERDUE_30_DAYS when a follow-up is overdue for more than 30 days' })
  async flags(referral: ReferralEntity, _args: NoArgs, { loaders }: GraphQLContext) {
    const followUps: FollowUpEntity[] = await loaders.of(FollowUpLoaders).byReferral.load(referral.id);
    const stopped = await referralStopped(loaders, referral, this.clock.now());
    return followUps.some((f) => isEscalated(f, this.clock.today(), stopped)) ? [ReferralFlag.FOLLOW_UP_OVERDUE_30_DAYS] : [];
  }
}
