import { Args, Mutation, ObjectType, Field, ResolveField, Resolver } from '@nestjs/graphql';
import type { Actor } from '../auth/actor.js';
import { Clock } from '../common/clock.js';
import { CurrentActor, Roles } from '../auth/decorators.js';
import { Role } from '../auth/role.js';
import { ConsentPurpose, ConsentStatus, consentStatus, DataCategory } from './consent-terms.js';
import { ConsentEntity } from './consent.entity.js';
import { ConsentsService } from './consents.service.js';
import { RecordConsentInput, WithdrawConsentInput } from './dto/consent.inputs.js';

/** What the receiving organisation is told about the consent behind a referral. */
@ObjectType()
export class ConsentSummary {
  @Field(() => ConsentStatus)
  status: ConsentStatus;

  @Field(() => [ConsentPurpose])
  purposes: ConsentPurpose[];

  @Field(() => [DataCategory])
  categories: DataCategory[];

  @Field()
  givenAt: Date;

  @Field(() => Date, { nullable: true })
  expiresAt: Date | null;
}

@Resolver(() => ConsentEntity)
export class ConsentsResolver {
  constructor(
    private readonly service: ConsentsService,
    private readonly clock: Clock,
  ) {}

  @Roles(Role.CASE_WORKER)
  @Mutation(() => ConsentEntity, { description: "Records a person's consent to share data with named organisations" })
  recordConsent(@CurrentActor() actor: Actor, @Args('input') input: RecordConsentInput) {
    return this.service.record(actor, input);
  }

  @Roles(Role.CASE_WORKER)
  @Mutation(() => ConsentEntity, { description: 'Withdraws a consent at once; open referrals under it stop' })
  withdrawConsent(@CurrentActor() actor: Actor, @Args('input') input: WithdrawConsentInput) {
    return this.service.withdraw(actor, input);
  }

  @ResolveField(() => ConsentStatus, { description: 'Derived from the dates at the moment you ask' })
  status(consent: ConsentEntity) {
    return consentStatus(consent, this.clock.now());
  }
}
