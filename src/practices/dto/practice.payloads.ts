import { ObjectType } from '@nestjs/graphql';
import { Payload } from '../../common/payload.js';
import { PracticeCommentEntity } from '../practice-comment.entity.js';
import { PracticeEntity } from '../practice.entity.js';

@ObjectType()
export class CreatePracticePayload extends Payload('practice', PracticeEntity) {}

@ObjectType()
export class UpdatePracticePayload extends Payload('practice', PracticeEntity) {}

@ObjectType()
export class PublishPracticePayload extends Payload('practice', PracticeEntity) {}

@ObjectType()
export class ArchivePracticePayload extends Payload('practice', PracticeEntity) {}

@ObjectType()
export class EndorsePracticePayload extends Payload('practice', PracticeEntity) {}

@ObjectType()
export class WithdrawEndorsementPayload extends Payload('practice', PracticeEntity) {}

@ObjectType()
export class CommentOnPracticePayload extends Payload('comment', PracticeCommentEntity) {}
