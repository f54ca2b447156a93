import { applyDecorators } from '@nestjs/common';
import { Field, ID, InputType, Int } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsEmail,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { Role } from '../../auth/role.js';
import { LowerCase, Trim } from '../../common/validation.js';

/** Who a new member is: the organisation's first admin, or anyone an ORG_ADMIN adds. */
@InputType({ isAbstract: true })
export abstract class MemberIdentityInput {
  @Field()
  @Trim()
  @IsString()
  @Length(2, 200)
  displayName: string;

  @Field()
  @LowerCase()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(320)
  email: string;
}

const RoleList = () =>
  applyDecorators(
    Field(() => [Role]),
    ArrayNotEmpty({ message: 'roles must name at least one role' }),
    ArrayMaxSize(5),
    ArrayUnique(),
    IsEnum(Role, { each: true }),
  );

@InputType()
export class AddMemberInput extends MemberIdentityInput {
  @RoleList()
  roles: Role[];
}

@InputType()
export class UpdateMemberRolesInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'memberId must be a member id' })
  memberId: string;

  @RoleList()
  roles: Role[];
}

@InputType()
export class RemoveMemberInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'memberId must be a member id' })
  memberId: string;
}

export const DEFAULT_TOKEN_DAYS = 90;
export const MAX_TOKEN_DAYS = 365;

@InputType()
export class IssueTokenInput {
  @Field(() => ID, { nullable: true, description: 'The member the token is for; yourself when left out' })
  @IsOptional()
  @IsUUID('all', { message: 'memberId must be a member id' })
  memberId?: string;

  @Field({ description: 'A label to recognise the token by, e.g. "laptop"' })
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
