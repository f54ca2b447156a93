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
import { ReferralMessagesService } from './referral-messages.service.js';
import { ReferralTransitionsService } from './referral-transitions.service.js';
import { ReferralEntity } from './referral.entity.js';
import {
  AcceptReferralPayload,
  CancelReferralPayload,
  CloseReferralPayload,
  DeclineReferralPayload,
  RecordArrivalPayload,
  SendReferralMessagePayload,
  SubmitReferralPayload,
} from './dto/referral.payloads.js';

@Roles(Role.CASE_WORKER)
@Resolver(() => ReferralEntity)
export class ReferralTransitionsResolver {
  constructor(
    private readonly transitions: ReferralTransitionsService,
    private readonly messages: ReferralMessagesService,
  ) {}

  @Mutation(() => SubmitReferralPayload, { description: 'Sends the draft to the receiver (sender only)' })
  async submitReferral(@CurrentActor() actor: Actor, @Args('input') input: SubmitReferralInput) {
    return { referral: await this.transitions.submit(actor, input) };
  }

  @Mutation(() => AcceptReferralPayload, { description: 'Receiver only' })
  async acceptReferral(@CurrentActor() actor: Actor, @Args('input') input: AcceptReferralInput) {
    return { referral: await this.transitions.accept(actor, input) };
  }

  @Mutation(() => DeclineReferralPayload, { description: 'Receiver only, with a reason' })
  async declineReferral(@CurrentActor() actor: Actor, @Args('input') input: DeclineReferralInput) {
    return { referral: await this.transitions.decline(actor, input) };
  }

  @Mutation(() => RecordArrivalPayload, { description: 'Receiver only: the person has arrived (RETURNED)' })
  async recordArrival(@CurrentActor() actor: Actor, @Args('input') input: RecordArrivalInput) {
    return { referral: await this.transitions.recordArrival(actor, input) };
  }

  @Mutation(() => CloseReferralPayload, { description: 'Receiver only' })
  async closeReferral(@CurrentActor() actor: Actor, @Args('input') input: CloseReferralInput) {
    return { referral: await this.transitions.close(actor, input) };
  }

  @Mutation(() => CancelReferralPayload, { description: 'Sender only, before the person returned' })
  async cancelReferral(@CurrentActor() actor: Actor, @Args('input') input: CancelReferralInput) {
    return { referral: await this.transitions.cancel(actor, input) };
  }

  @Mutation(() => SendReferralMessagePayload, { description: 'Adds a message to the thread between the two organisations' })
  async sendReferralMessage(@CurrentActor() actor: Actor, @Args('input') input: SendReferralMessageInput) {
    return { message: await this.messages.send(actor, input) };
  }
}
