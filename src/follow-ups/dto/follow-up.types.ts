import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageArgs } from '../../common/connection.js';
import { IsCalendarDate } from '../../common/validators.js';
import { Trim } from '../../common/validation.js';
import { RedactionReason } from '../../personal-data/consent-terms.js';
import { ServiceType } from '../../organisations/service-type.js';
import { RiskIndicator, RiskLevel } from '../../referrals/dto/referral-content.types.js';
import { FollowUpStatus } from '../follow-up-status.js';
import { IdempotencyKeyField } from '../../common/idempotency-key.field.js';
import { Node } from '../../graphql/node.js';

const Score = () => (target: object, key: string) => {
  Field(() => Int, { description: '1 to 5 (1 poor, 5 good), as in IOM reintegration sustainability measures' })(target, key);
  IsInt()(target, key);
  Min(1)(target, key);
  Max(5)(target, key);
};

@InputType('DeliveredServiceInput')
@ObjectType()
export class DeliveredService {
  @Field(() => ServiceType)
  @IsEnum(ServiceType)
  serviceType: ServiceType;

  @Field({ description: 'YYYY-MM-DD' })
  @IsCalendarDate()
  deliveredOn: string;
}

@InputType('FollowUpReportInput')
@ObjectType('FollowUpReportContent')
export class FollowUpReportContent {
  @Score()
  economicScore: number;

  @Score()
  socialScore: number;

  @Score()
  psychosocialScore: number;

  @Field(() => RiskLevel, { description: 'Safety and the risk of re-trafficking' })
  @IsEnum(RiskLevel)
  safetyLevel: RiskLevel;

  @Field(() => [RiskIndicator], { defaultValue: [], description: 'Each at most once' })
  @ArrayUnique()
  @IsEnum(RiskIndicator, { each: true })
  riskIndicators: RiskIndicator[] = [];

  @Field(() => [DeliveredService], { defaultValue: [], description: 'At most 50' })
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => DeliveredService)
  servicesDelivered: DeliveredService[] = [];

  @Field({ nullable: true, description: "The person's own view, in their words (encrypted). At most 5000 characters" })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  personView?: string;

  @Field({ nullable: true, description: 'Encrypted. At most 5000 characters' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  nextSteps?: string;

  @Field({ description: 'Encrypted. 1 to 20,000 characters' })
  @IsString()
  @Length(1, 20000)
  narrative: string;

  @Field({ nullable: true, description: 'Required with the first follow-up (encrypted). At most 20,000 characters' })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  reintegrationPlan?: string;
}

@InputType()
export class SubmitFollowUpInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'followUpId must be a follow-up id' })
  followUpId: string;

  @Field(() => FollowUpReportContent)
  @ValidateNested()
  @Type(() => FollowUpReportContent)
  report: FollowUpReportContent;
}

@InputType()
export class CorrectFollowUpReportInput extends SubmitFollowUpInput {}

/** A due day and why it was chosen, kept in the referral's history. */
@InputType({ isAbstract: true })
abstract class DueDayInput {
  @Field({ description: 'YYYY-MM-DD' })
  @IsCalendarDate()
  dueOn: string;

  @Field()
  @Trim()
  @IsString()
  @Length(3, 500)
  reason: string;
}

@InputType()
export class AddFollowUpInput extends DueDayInput {
  @IdempotencyKeyField('the follow-up already added')
  idempotencyKey?: string;

  @Field(() => ID)
  @IsUUID('all', { message: 'referralId must be a referral id' })
  referralId: string;
}

@InputType()
export class MoveFollowUpInput extends DueDayInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'followUpId must be a follow-up id' })
  followUpId: string;
}

@ArgsType()
export class FollowUpsArgs extends PageArgs {
  @Field(() => FollowUpStatus, { nullable: true })
  @IsOptional()
  @IsEnum(FollowUpStatus)
  status?: FollowUpStatus;

  @Field({ nullable: true, description: 'Only follow-ups due before this day (YYYY-MM-DD)' })
  @IsOptional()
  @IsCalendarDate()
  dueBefore?: string;
}

@ObjectType('FollowUpReport', { implements: () => [Node] })
export class FollowUpReportView {
  @Field(() => ID)
  id: string;

  @Field(() => Int, { description: '1, then one more with each correction' })
  version: number;

  @Field()
  submittedAt: Date;

  @Field(() => Date, { nullable: true, description: 'When a correction replaced this version' })
  supersededAt: Date | null;

  @Field(() => FollowUpReportContent, { nullable: true, description: 'Null when withheld: see contentRedaction' })
  content: FollowUpReportContent | null;

  @Field(() => RedactionReason, { nullable: true })
  contentRedaction: RedactionReason | null;
}

@ObjectType()
export class FollowUpCount {
  @Field(() => FollowUpStatus)
  status: FollowUpStatus;

  @Field(() => Int)
  count: number;
}

export enum ReintegrationDimension {
  ECONOMIC = 'ECONOMIC',
  SOCIAL = 'SOCIAL',
  PSYCHOSOCIAL = 'PSYCHOSOCIAL',
}

registerEnumType(ReintegrationDimension, { name: 'ReintegrationDimension' });

@ObjectType()
export class ProgressPoint {
  @Field({ description: 'The follow-up’s due day' })
  dueOn: string;

  @Field(() => Int)
  score: number;
}

@ObjectType()
export class ReintegrationProgress {
  @Field(() => ReintegrationDimension)
  dimension: ReintegrationDimension;

  @Field(() => [ProgressPoint], { description: 'Oldest first' })
  points: ProgressPoint[];
}
