import { applyDecorators } from '@nestjs/common';
import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayNotEmpty, ArrayUnique, IsEmail, IsEnum, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { Role } from '../../auth/role.js';
import { LowerCase, Trim } from '../../common/validation.js';
import { IdempotencyKeyField } from '../../common/idempotency-key.field.js';

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
    Field(() => [Role], { description: 'At least one, at most 5, each at most once' }),
    ArrayNotEmpty({ message: 'roles must name at least one role' }),
    ArrayMaxSize(5),
    ArrayUnique(),
    IsEnum(Role, { each: true }),
  );

@InputType()
export class AddMemberInput extends MemberIdentityInput {
  @IdempotencyKeyField('the member already added')
  idempotencyKey?: string;

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
