import { ArgsType, Field } from '@nestjs/graphql';
import { IsEnum, IsISO31661Alpha2, IsOptional } from 'class-validator';
import { PageArgs } from '../../common/connection.js';
import { UpperCase } from '../../common/validation.js';
import { MeetingPeriod, MeetingStatus } from '../meeting-status.js';

@ArgsType()
export class MeetingsArgs extends PageArgs {
  @Field(() => MeetingPeriod, {
    defaultValue: MeetingPeriod.UPCOMING,
    description: 'UPCOMING: not yet over, soonest first; PAST: over, most recent first',
  })
  @IsEnum(MeetingPeriod)
  period: MeetingPeriod = MeetingPeriod.UPCOMING;

  @Field({ nullable: true })
  @IsOptional()
  @UpperCase()
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code such as NL' })
  country?: string;

  @Field(() => MeetingStatus, { nullable: true })
  @IsOptional()
  @IsEnum(MeetingStatus)
  status?: MeetingStatus;
}
