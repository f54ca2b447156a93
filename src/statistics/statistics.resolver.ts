import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/decorators.js';
import { Role } from '../auth/role.js';
import {
  ImportRegistrationStatisticsInput,
  NetworkStatisticsArgs,
  ReferralStatistics,
  RegistrationStatistics,
  RegistrationStatisticsArgs,
  ReintegrationStatistics,
} from './dto/statistics.types.js';
import { NetworkStatisticsService } from './network-statistics.service.js';
import { RegistrationStatisticsService } from './registration-statistics.service.js';
import { ImportRegistrationStatisticsPayload } from './dto/statistics.payloads.js';

@Resolver()
export class StatisticsResolver {
  constructor(
    private readonly network: NetworkStatisticsService,
    private readonly registrations: RegistrationStatisticsService,
  ) {}

  @Roles(Role.ANALYST, Role.NETWORK_ADMIN)
  @Query(() => ReferralStatistics, {
    description: 'Referrals and returns across the network: counts adjusted so that they cannot be differenced, small ones suppressed',
  })
  referralStatistics(@CurrentActor() actor: Actor, @Args() args: NetworkStatisticsArgs) {
    return this.network.referrals(actor, args);
  }

  @Roles(Role.ANALYST, Role.NETWORK_ADMIN)
  @Query(() => ReintegrationStatistics, {
    description:
      'Follow-up reports and mean scores across the network: counts and means adjusted so that they cannot be differenced, small ones suppressed',
  })
  reintegrationStatistics(@CurrentActor() actor: Actor, @Args() args: NetworkStatisticsArgs) {
    return this.network.reintegration(actor, args);
  }

  @Query(() => RegistrationStatistics, { description: 'National figures of registered presumed victims' })
  registrationStatistics(@CurrentActor() actor: Actor, @Args() args: RegistrationStatisticsArgs) {
    return this.registrations.figures(actor, args);
  }

  @Roles(Role.ANALYST, Role.NETWORK_ADMIN)
  @Mutation(() => ImportRegistrationStatisticsPayload, { description: 'Imports national figures from CSV: all rows or none' })
  async importRegistrationStatistics(@CurrentActor() actor: Actor, @Args('input') input: ImportRegistrationStatisticsInput) {
    return { registrationImport: await this.registrations.import(actor, input) };
  }
}
