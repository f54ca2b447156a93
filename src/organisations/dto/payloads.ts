import { Field, ObjectType } from '@nestjs/graphql';
import { Payload } from '../../common/payload.js';
import { ApiTokenEntity } from '../api-token.entity.js';
import { IssuedToken } from './issued-token.js';
import { MemberEntity } from '../member.entity.js';
import { OrganisationEntity } from '../organisation.entity.js';

@ObjectType()
export class IssueTokenPayload extends IssuedToken {}

@ObjectType()
export class CreateOrganisationPayload {
  @Field(() => OrganisationEntity)
  organisation: OrganisationEntity;

  @Field(() => MemberEntity)
  firstAdmin: MemberEntity;

  @Field(() => IssuedToken)
  firstAdminToken: IssuedToken;
}

@ObjectType()
export class UpdateOrganisationPayload extends Payload('organisation', OrganisationEntity) {}

@ObjectType()
export class SuspendOrganisationPayload extends Payload('organisation', OrganisationEntity) {}

@ObjectType()
export class ReactivateOrganisationPayload extends Payload('organisation', OrganisationEntity) {}

@ObjectType()
export class AddMemberPayload extends Payload('member', MemberEntity) {}

@ObjectType()
export class UpdateMemberRolesPayload extends Payload('member', MemberEntity) {}

@ObjectType()
export class RemoveMemberPayload extends Payload('member', MemberEntity) {}

@ObjectType()
export class RevokeTokenPayload extends Payload('apiToken', ApiTokenEntity) {}
