import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

/** Enough for any investigation; a chain broken in more places is broken through and through. */
export const MAX_BROKEN_LINKS_LISTED = 1000;

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

  @Field(() => BrokenAuditLink, { nullable: true, description: 'The oldest broken link of any chain' })
  firstBrokenLink: BrokenAuditLink | null;

  @Field(() => [BrokenAuditLink], { description: `Every broken link of every chain, oldest first (at most ${MAX_BROKEN_LINKS_LISTED})` })
  brokenLinks: BrokenAuditLink[];

  @Field(() => Int, { description: 'How many links are broken, listed or not' })
  brokenLinkCount: number;
}
