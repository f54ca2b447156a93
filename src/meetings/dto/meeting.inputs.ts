import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsEnum,
  IsISO31661Alpha2,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { TrimEach } from '../../common/list-transforms.js';
import { NoCaseReference } from '../../common/no-case-reference.js';
import { Trim, UpperCase } from '../../common/validation.js';
import { MeetingStatus, ParticipationStatus } from '../meeting-status.js';
import { IdempotencyKeyField } from '../../common/idempotency-key.field.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

@InputType()
export class MeetingParticipantInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'organisationId must be an organisation id' })
  organisationId: string;

  @Field(() => ParticipationStatus, { defaultValue: ParticipationStatus.INVITED })
  @IsEnum(ParticipationStatus)
  status: ParticipationStatus = ParticipationStatus.INVITED;
}

@InputType()
export class CreateMeetingInput {
  @IdempotencyKeyField('the meeting already created')
  idempotencyKey?: string;

  @Field({ description: '3 to 300 characters' })
  @Trim()
  @IsString()
  @Length(3, 300)
  @NoCaseReference()
  title: string;

  @Field({ description: 'ISO 3166-1 alpha-2 country code, e.g. NL' })
  @UpperCase()
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code such as NL' })
  country: string;

  @Field({ description: '1 to 120 characters' })
  @Trim()
  @IsString()
  @Length(1, 120)
  city: string;

  @Field({ description: 'First day, YYYY-MM-DD' })
  @Matches(DATE, { message: 'startsOn must be a date written YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'startsOn must be a real date' })
  startsOn: string;

  @Field({ description: 'Last day, YYYY-MM-DD (the first day for a one-day meeting)' })
  @Matches(DATE, { message: 'endsOn must be a date written YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'endsOn must be a real date' })
  endsOn: string;

  @Field(() => [String], { defaultValue: [], description: 'At most 50; each 1 to 500 characters' })
  @TrimEach()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 500, { each: true })
  @NoCaseReference({ each: true })
  agenda: string[] = [];

  @Field(() => [String], {
    defaultValue: [],
    description: 'The challenges to discuss, or that were discussed. At most 50; each 1 to 1000 characters',
  })
  @TrimEach()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 1000, { each: true })
  @NoCaseReference({ each: true })
  challenges: string[] = [];

  @Field(() => [MeetingParticipantInput], { defaultValue: [], description: 'Each at most once, at most 200' })
  @ArrayMaxSize(200)
  @ArrayUnique((participant: MeetingParticipantInput) => participant.organisationId, {
    message: 'participants must name each organisation once',
  })
  @ValidateNested({ each: true })
  @Type(() => MeetingParticipantInput)
  participants: MeetingParticipantInput[] = [];

  @Field(() => MeetingStatus, { defaultValue: MeetingStatus.PLANNED, description: 'PLANNED, or HELD to record a past meeting' })
  @IsEnum(MeetingStatus)
  status: MeetingStatus = MeetingStatus.PLANNED;
}

@InputType({ description: 'Changes to a meeting; fields left out stay as they are' })
export class UpdateMeetingInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'id must be an expert meeting id' })
  id: string;

  @Field({ nullable: true, description: '3 to 300 characters' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(3, 300)
  @NoCaseReference()
  title?: string;

  @Field({ nullable: true })
  @IsOptional()
  @UpperCase()
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code such as NL' })
  country?: string;

  @Field({ nullable: true, description: '1 to 120 characters' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 120)
  city?: string;

  @Field({ nullable: true, description: 'YYYY-MM-DD' })
  @IsOptional()
  @Matches(DATE, { message: 'startsOn must be a date written YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'startsOn must be a real date' })
  startsOn?: string;

  @Field({ nullable: true, description: 'YYYY-MM-DD' })
  @IsOptional()
  @Matches(DATE, { message: 'endsOn must be a date written YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'endsOn must be a real date' })
  endsOn?: string;

  @Field(() => [String], { nullable: true, description: 'At most 50; each 1 to 500 characters' })
  @IsOptional()
  @TrimEach()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 500, { each: true })
  @NoCaseReference({ each: true })
  agenda?: string[];

  @Field(() => [String], { nullable: true, description: 'At most 50; each 1 to 1000 characters' })
  @IsOptional()
  @TrimEach()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 1000, { each: true })
  @NoCaseReference({ each: true })
  challenges?: string[];

  @Field(() => [MeetingParticipantInput], {
    nullable: true,
    description: 'The whole participant list, replacing the previous one. Each at most once, at most 200',
  })
  @IsOptional()
  @ArrayMaxSize(200)
  @ArrayUnique((participant: MeetingParticipantInput) => participant.organisationId, {
    message: 'participants must name each organisation once',
  })
  @ValidateNested({ each: true })
  @Type(() => MeetingParticipantInput)
  participants?: MeetingParticipantInput[];

  @Field(() => MeetingStatus, { nullable: true, description: 'PLANNED -> HELD (once begun) or CANCELLED' })
  @IsOptional()
  @IsEnum(MeetingStatus)
  status?: MeetingStatus;
}
