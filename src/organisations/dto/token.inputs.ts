import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { Trim } from '../../common/validation.js';

export const DEFAULT_TOKEN_DAYS = 90;
export const MAX_TOKEN_DAYS = 365;

@InputType()
export class IssueTokenInput {
  @Field(() => ID, { nullable: true, description: 'The member the token is for; yourself when left out' })
  @IsOptional()
  @IsUUID('all', { message: 'memberId must be a member id' })
  memberId?: string;

  @Field({ description: 'A label to recognise the token by, e.g. "laptop". 1 to 100 characters' })
  @Trim()
  @IsString()
  @Length(1, 100)
  name: string;

  @Field(() => Int, { defaultValue: DEFAULT_TOKEN_DAYS, description: `Days until it expires, 1 to ${MAX_TOKEN_DAYS}` })
  @IsInt()
  @Min(1)
  @Max(MAX_TOKEN_DAYS)
  expiresInDays: number = DEFAULT_TOKEN_DAYS;
}

@InputType()
export class RevokeTokenInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'tokenId must be a token id' })
  tokenId: string;
}
