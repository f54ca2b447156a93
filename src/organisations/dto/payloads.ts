import { Field, ObjectType } from '@nestjs/graphql';
import { IssuedToken } from './issued-token.js';
import { MemberEntity } from '../member.entity.js';
import { OrganisationEntity } from '../organisation.entity.js';

@ObjectType()
export class CreateOrganisationPayload {
  @Field(() => OrganisationEntity)
  organisation: OrganisationEntity;

  @Field(() => MemberEntity)
  firstAdmin: MemberEntity;

  @Field(() => IssuedToken)
  firstAdminToken: IssuedToken;
}
