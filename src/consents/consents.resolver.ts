import { Args, Mutation, ObjectType, Field, ResolveField, Resolver } from '@nestjs/graphql';
import type { Actor } from '../auth/actor.js';
import { Clock } from '../common/clock.js';
import { CurrentActor, Roles } from '../auth/decorators.js';
import { Role } from '../auth/role.js';
import type { GraphQLContext } from '../graphql/request-loaders.js';
import type { NoArgs } from '../fast-path/shared-empty-arguments.js';
import { noteOf, noteRedactionOf } from '../personal-data/disclosure-fields.js';
import { notePiece, SEALED_NOTE } from '../personal-data/sealed-notes.js';
import { ConsentPurpose, ConsentStatus, consentStatus, DataCategory, RedactionReason } from '../personal-data/consent-terms.js';
import { ConsentEntity } from './consent.entity.js';
import { ConsentsService } from './consents.service.js';
import { RecordConsentInput, WithdrawConsentInput } from './dto/consent.inputs.js';
import { RecordConsentPayload, WithdrawConsentPayload } from './dto/consent.payloads.js';

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

// The owner's own notes on the consent: no referral gives anyone else a reading of them.
const formReferenceOf = (consent: ConsentEntity) =>
  notePiece(consent.subjectId, null, SEALED_NOTE.formReference(consent.id), consent.formReferenceSealed);
const withdrawalReasonOf = (consent: ConsentEntity) =>
  notePiece(consent.subjectId, null, SEALED_NOTE.withdrawalReason(consent.id), consent.withdrawalReasonSealed);

@Resolver(() => ConsentEntity)
export class ConsentsResolver {
  constructor(
    private readonly service: ConsentsService,
    private readonly clock: Clock,
  ) {}

  @Roles(Role.CASE_WORKER)
  @Mutation(() => RecordConsentPayload, { description: "Records a person's consent to share data with named organisations" })
  async recordConsent(@CurrentActor() actor: Actor, @Args('input') input: RecordConsentInput) {
    return { consent: await this.service.record(actor, input) };
  }

  @Roles(Role.CASE_WORKER)
  @Mutation(() => WithdrawConsentPayload, { description: 'Withdraws a consent at once; open referrals under it stop' })
  async withdrawConsent(@CurrentActor() actor: Actor, @Args('input') input: WithdrawConsentInput) {
    return { consent: await this.service.withdraw(actor, input) };
  }

  @ResolveField(() => String, { nullable: true, description: 'Where the signed form is kept, e.g. a document number; null once erased' })
  formReference(consent: ConsentEntity, _args: NoArgs, { loaders }: GraphQLContext) {
    return noteOf(loaders, formReferenceOf(consent));
  }

  @ResolveField(() => RedactionReason, { nullable: true, description: 'Why formReference is withheld from you' })
  formReferenceRedaction(consent: ConsentEntity, _args: NoArgs, { loaders }: GraphQLContext) {
    return noteRedactionOf(loaders, formReferenceOf(consent));
  }

  @ResolveField(() => String, { nullable: true, description: 'Why the person withdrew it; null when none or withheld' })
  withdrawalReason(consent: ConsentEntity, _args: NoArgs, { loaders }: GraphQLContext) {
    return noteOf(loaders, withdrawalReasonOf(consent));
  }

  @ResolveField(() => RedactionReason, { nullable: true, description: 'Why withdrawalReason is withheld from you' })
  withdrawalReasonRedaction(consent: ConsentEntity, _args: NoArgs, { loaders }: GraphQLContext) {
    return noteRedactionOf(loaders, withdrawalReasonOf(consent));
  }

  @ResolveField(() => ConsentStatus, { description: 'Derived from the dates at the moment you ask' })
  status(consent: ConsentEntity) {
    return consentStatus(consent, this.clock.now());
  }
}
