import { FollowUpEntity } from '../follow-up.entity.js';
import { ObjectType } from '@nestjs/graphql';
import { Payload } from '../../common/payload.js';

@ObjectType()
export class SubmitFollowUpPayload extends Payload('followUp', FollowUpEntity) {}

@ObjectType()
export class CorrectFollowUpReportPayload extends Payload('followUp', FollowUpEntity) {}

@ObjectType()
export class AddFollowUpPayload extends Payload('followUp', FollowUpEntity) {}

@ObjectType()
export class MoveFollowUpPayload extends Payload('followUp', FollowUpEntity) {}
