import { ObjectType } from '@nestjs/graphql';
import { Payload } from '../../common/payload.js';
import { SubjectEntity } from '../subject.entity.js';

@ObjectType()
export class RegisterSubjectPayload extends Payload('subject', SubjectEntity) {}

@ObjectType()
export class UpdateSubjectPayload extends Payload('subject', SubjectEntity) {}

@ObjectType()
export class EraseSubjectPayload extends Payload('subject', SubjectEntity) {}
