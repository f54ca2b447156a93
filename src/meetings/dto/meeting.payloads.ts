import { ExpertMeetingEntity } from '../expert-meeting.entity.js';
import { ObjectType } from '@nestjs/graphql';
import { Payload } from '../../common/payload.js';

@ObjectType()
export class CreateMeetingPayload extends Payload('meeting', ExpertMeetingEntity) {}

@ObjectType()
export class UpdateMeetingPayload extends Payload('meeting', ExpertMeetingEntity) {}
