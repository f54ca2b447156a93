import { Field, ObjectType } from '@nestjs/graphql';
import { ApiTokenEntity } from '../api-token.entity.js';

@ObjectType()
export class IssuedToken {
  @Field({ description: 'The secret token. It is shown this once and cannot be retrieved again.' })
  token: string;

  @Field(() => ApiTokenEntity)
  apiToken: ApiTokenEntity;
}
