import { ResolveField, Resolver } from '@nestjs/graphql';
import { RedactionReason } from '../personal-data/consent-terms.js';
import type { GraphQLContext } from '../graphql/request-loaders.js';
import type { NoArgs } from '../fast-path/shared-empty-arguments.js';
import { noteOf, noteRedactionOf } from '../personal-data/disclosure-fields.js';
import { notePiece, SEALED_NOTE } from '../personal-data/sealed-notes.js';
import { ReferralEventEntity } from './referral-event.entity.js';
import { ReferralEntity } from './referral.entity.js';

/** The event's reason is about the person the referral is about (the referral is in the request's batch already). */
async function reasonOf(event: ReferralEventEntity, { loaders }: GraphQLContext) {
  if (event.reasonSealed === null) return notePiece('', event.referralId, SEALED_NOTE.eventReason(event.id), null);
  const referral = await loaders.byId(ReferralEntity).load(event.referralId);
  return notePiece(referral!.subjectId, event.referralId, SEALED_NOTE.eventReason(event.id), event.reasonSealed);
}

@Resolver(() => ReferralEventEntity)
export class ReferralEventResolver {
  @ResolveField(() => String, { nullable: true, description: 'The reason a person gave for the step; null when none or withheld' })
  async reason(event: ReferralEventEntity, _args: NoArgs, context: GraphQLContext) {
    return noteOf(context.loaders, await reasonOf(event, context));
  }

  @ResolveField(() => RedactionReason, { nullable: true, description: 'Why reason is withheld from you' })
  async reasonRedaction(event: ReferralEventEntity, _args: NoArgs, context: GraphQLContext) {
    return noteRedactionOf(context.loaders, await reasonOf(event, context));
  }
}
