import { Args, Query, Resolver } from '@nestjs/graphql';
import { NotFoundError } from '../common/errors.js';
import { PartnerProfile } from './partner-profile.js';
import { PartnerRegistry } from './partner-registry.js';

@Resolver(() => PartnerProfile)
export class PartnersResolver {
  constructor(private readonly registry: PartnerRegistry) {}

  @Query(() => [PartnerProfile], { description: "Every partner country's rules, by country code" })
  partnerProfiles(): PartnerProfile[] {
    return this.registry.all();
  }

  @Query(() => PartnerProfile)
  partnerProfile(@Args('country', { description: 'ISO 3166-1 alpha-2 code, e.g. NL' }) country: string): PartnerProfile {
    const profile = this.registry.get(country);
    if (!profile) throw new NotFoundError(`A partner profile for ${country.slice(0, 2).toUpperCase()}`);
    return profile;
  }
}
