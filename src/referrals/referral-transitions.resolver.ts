import { Args, Mutation, Resolver } from '@nestjs/graphql';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/decorators.js';
import { Role } from '../auth/role.js';
import {
  AcceptReferralInput,
  CancelReferralInput,
  CloseReferralInput,
  DeclineReferralInput,
  RecordArrivalInput,
  SendReferralMessageInput,
  SubmitReferralInput,
} from './dto/referral.inputs.js';
import { ReferralMessageEntity } from './referral-message.entity.js';
import { ReferralMessagesService } from './referral-messages.service.js';
import { ReferralTransitionsService } from './referral-transitions.service.js';
import { ReferralEntity } from './referral.entity.js';

@Roles(Role.CASE_WORKER)
@Resolver(() => ReferralEntity)
export class ReferralTransitionsResolver {
  constructor(
    private readonly transitions: ReferralTransitionsService,
    private readonly messages: ReferralMessagesService,
  ) {}

  @Mutation(() => ReferralEntity, { description: 'Sends the draft to the receiver (sender only)' })
  submitReferral(@CurrentActor() actor: Actor, @Args('input') input: SubmitReferralInput) {
    return this.transitions.submit(actor, input);
  }

  @Mutation(() => ReferralEntity, { description: 'Receiver only' })
  acceptReferral(@CurrentActor() actor: Actor, @Args('input') input: AcceptReferralInput) {
    return this.transitions.accept(actor, input);
  }

  @Mutation(() => ReferralEntity, { description: 'Receiver only, with a reason' })
  declineReferral(@CurrentActor() actor: Actor, @Args('input') input: DeclineReferralInput) {
    return this.transitions.decline(actor, input);
  }

  @Mutation(() => ReferralEntity, { description: 'Receiver only: the person has arrived (RETURNED)' })
  recordArrival(@CurrentActor() actor: Actor, @Args('input') input: RecordArrivalInput) {
    return this.transitions.recordArrival(actor, input);
  }

  @Mutation(() => ReferralEntity, { description: 'Receiver only' })
  closeReferral(@CurrentActor() actor: Actor, @Args('input') input: CloseReferralInput) {
    return this.transitions.close(actor, input);
  }

  @Mutation(() => ReferralEntity, { description: 'Sender only, before the person returned' })
  cancelReferral(@CurrentActor() actor: Actor, @Args('input') input: CancelReferralInput) {
    return this.transitions.cancel(actor, input);
  }

  @Mutation(() => ReferralMessageEntity, { description: 'Adds a message to the thread between the two organisations' })
  sendReferralMessage(@CurrentActor() actor: Actor, @Args('input') input: SendReferralMessageInput) {
    return this.messages.send(actor, input);
  }
}
