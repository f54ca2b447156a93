import { Field, ObjectType } from '@nestjs/graphql';
import { RedactionReason } from '../consent-terms.js';

@ObjectType({ description: 'A field that is null because you may not see it, and why' })
export class Redaction {
  @Field()
  field: string;

  @Field(() => RedactionReason)
  reason: RedactionReason;
}
