import { Field, ID, InputType, Int, IntersectionType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Min, ValidateNested } from 'class-validator';
import { IsCalendarDate } from '../../common/validators.js';
import { Trim } from '../../common/validation.js';
import { CaseHistory, Need, ReturnPlan, RiskAssessmentInput } from './referral-content.types.js';
import { IDEMPOTENCY_KEY_RULE, IdempotencyKeyField } from '../../common/idempotency-key.field.js';

const IdempotencyKey = () => Matches(/^[A-Za-z0-9_-]{8,100}$/, { message: IDEMPOTENCY_KEY_RULE });

@InputType({ isAbstract: true })
class ReferralContentInput {
  @Field(() => [Need], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => Need)
  needs?: Need[];

  @Field(() => CaseHistory, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => CaseHistory)
  caseHistory?: CaseHistory;

  @Field(() => ReturnPlan, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ReturnPlan)
  returnPlan?: ReturnPlan;

  @Field(() => RiskAssessmentInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => RiskAssessmentInput)
  riskAssessment?: RiskAssessmentInput;
}

@InputType()
export class CreateReferralInput extends ReferralContentInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'subjectId must be a subject id' })
  subjectId: string;

  @Field(() => ID)
  @IsUUID('all', { message: 'consentId must be a consent id' })
  consentId: string;

  @Field(() => ID)
  @IsUUID('all', { message: 'receiverOrganisationId must be an organisation id' })
  receiverOrganisationId: string;

  @Field({
    nullable: true,
    description: 'Chosen by the client; a retry with the same key returns the referral already created. 8 to 100 letters, digits, - or _',
  })
  @IsOptional()
  @IdempotencyKey()
  idempotencyKey?: string;
}

@InputType({ isAbstract: true })
class ReferralChangeInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'referralId must be a referral id' })
  referralId: string;

  @Field(() => Int, { description: 'The version you read; a stale one is a CONFLICT' })
  @IsInt()
  @Min(1)
  expectedVersion: number;
}

@InputType()
export class UpdateReferralDraftInput extends IntersectionType(ReferralChangeInput, ReferralContentInput) {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'consentId must be a consent id' })
  consentId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'receiverOrganisationId must be an organisation id' })
  receiverOrganisationId?: string;
}

@InputType()
export class SubmitReferralInput extends ReferralChangeInput {
  @Field({
    nullable: true,
    description: 'A retried submit with the same key answers with the submitted referral. 8 to 100 letters, digits, - or _',
  })
  @IsOptional()
  @IdempotencyKey()
  idempotencyKey?: string;
}

@InputType()
export class AcceptReferralInput extends ReferralChangeInput {}

@InputType()
export class DeclineReferralInput extends ReferralChangeInput {
  @Field({ description: '3 to 1000 characters' })
  @Trim()
  @IsString()
  @Length(3, 1000)
  reason: string;
}

@InputType()
export class CancelReferralInput extends ReferralChangeInput {
  @Field({ description: '3 to 1000 characters' })
  @Trim()
  @IsString()
  @Length(3, 1000)
  reason: string;
}

@InputType()
export class RecordArrivalInput extends ReferralChangeInput {
  @Field({ description: 'The day the person arrived, YYYY-MM-DD' })
  @IsCalendarDate()
  arrivedOn: string;
}

@InputType()
export class CloseReferralInput extends ReferralChangeInput {
  @Field({ nullable: true, description: '3 to 1000 characters' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(3, 1000)
  reason?: string;
}

@InputType()
export class SendReferralMessageInput {
  @IdempotencyKeyField('the message already sent')
  idempotencyKey?: string;

  @Field(() => ID)
  @IsUUID('all', { message: 'referralId must be a referral id' })
  referralId: string;

  @Field({ description: '1 to 10,000 characters' })
  @IsString()
  @Length(1, 10000)
  body: string;
}
