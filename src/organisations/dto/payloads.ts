import { Field, ObjectType } from '@nestjs/graphql';
import { ApiTokenEntity } from '../../auth/api-token.entity.js';
import { MemberEntity } from '../member.entity.js';
import { OrganisationEntity } from '../organisation.entity.js';

@ObjectType()
export class IssuedToken {
  @Field({ description: 'The secret token. It is shown this once and cannot be retrieved again.' })
  token: string;

  @Field(() => ApiTokenEntity)
  apiToken: ApiTokenEntity;
}

@ObjectType()
export class CreateOrganisationPayload {
  @Field(() => OrganisationEntity)
  organisation: OrganisationEntity;

  @Field(() => MemberEntity)
  firstAdmin: MemberEntity;

  @Field(() => IssuedToken)
  firstAdminToken: IssuedToken;
}
