import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType()
export class BrokenAuditLink {
  @Field(() => ID)
  organisationId: string;

  @Field(() => String)
  sequence: string;

  @Field(() => ID)
  eventId: string;

  @Field({ description: 'MISSING_EVENT, PREVIOUS_HASH_MISMATCH or HASH_MISMATCH' })
  problem: string;
}

@ObjectType()
export class AuditChainVerification {
  @Field()
  valid: boolean;

  @Field(() => Int)
  eventsChecked: number;

  @Field(() => BrokenAuditLink, { nullable: true })
  firstBrokenLink: BrokenAuditLink | null;
}
