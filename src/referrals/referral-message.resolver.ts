import { ResolveField, Resolver } from '@nestjs/graphql';
import { RedactionReason } from '../personal-data/consent-terms.js';
import type { ReadableMessage } from './referral-messages.service.js';
import { ReferralMessageEntity } from './referral-message.entity.js';

@Resolver(() => ReferralMessageEntity)
export class ReferralMessageResolver {
  @ResolveField(() => String, { nullable: true, description: 'Null when withheld: see bodyRedaction' })
  body(message: ReadableMessage) {
    return message.body;
  }

  @ResolveField(() => RedactionReason, { nullable: true })
  bodyRedaction(message: ReadableMessage) {
    return message.bodyRedaction;
  }
}
