import { ObjectType } from '@nestjs/graphql';
import { Payload } from '../../common/payload.js';
import { ReferralEntity } from '../referral.entity.js';
import { ReferralMessageEntity } from '../referral-message.entity.js';

@ObjectType()
export class CreateReferralPayload extends Payload('referral', ReferralEntity) {}

@ObjectType()
export class UpdateReferralDraftPayload extends Payload('referral', ReferralEntity) {}

@ObjectType()
export class SubmitReferralPayload extends Payload('referral', ReferralEntity) {}

@ObjectType()
export class AcceptReferralPayload extends Payload('referral', ReferralEntity) {}

@ObjectType()
export class DeclineReferralPayload extends Payload('referral', ReferralEntity) {}

@ObjectType()
export class RecordArrivalPayload extends Payload('referral', ReferralEntity) {}

@ObjectType()
export class CloseReferralPayload extends Payload('referral', ReferralEntity) {}

@ObjectType()
export class CancelReferralPayload extends Payload('referral', ReferralEntity) {}

@ObjectType()
export class SendReferralMessagePayload extends Payload('message', ReferralMessageEntity) {}
