import { ArgsType, Field, ID, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsDate, IsEnum, IsOptional } from 'class-validator';
import { Connection, PageArgs } from '../common/connection.js';
import { ConsentPurpose, DataCategory } from '../personal-data/consent-terms.js';
import { EventType } from './event-type.js';
import { Node } from '../graphql/node.js';

@ObjectType({ description: 'What the consent behind the referral covers at the time of the event: what may be fetched' })
export class EventConsentScope {
  @Field(() => ID)
  consentId: string;

  @Field(() => [ConsentPurpose])
  purposes: ConsentPurpose[];

  @Field(() => [DataCategory])
  categories: DataCategory[];

  @Field(() => Date, { nullable: true })
  expiresAt: Date | null;
}

@ObjectType('Event', {
  implements: () => [Node],
  description:
    'Something your organisation may hear of: ids, types and times, never personal data. Fetch the records it names through the API.',
})
export class PartnerEvent {
  @Field(() => ID, { description: 'The same for every organisation that hears of it, and the webhook-id of its deliveries' })
  id: string;

  @Field(() => EventType)
  type: EventType;

  @Field()
  occurredAt: Date;

  @Field(() => ID, { nullable: true, description: 'Whose change it was; null for the scheduler (a follow-up due, a consent expired)' })
  actorOrganisationId: string | null;

  @Field(() => ID, { nullable: true })
  referralId: string | null;

  @Field(() => ID, { nullable: true })
  followUpId: string | null;

  @Field(() => ID, { nullable: true })
  messageId: string | null;

  @Field(() => ID, { nullable: true })
  practiceId: string | null;

  @Field(() => ID, { nullable: true })
  meetingId: string | null;

  @Field(() => EventConsentScope, { nullable: true })
  consentScope: EventConsentScope | null;
}

@ObjectType()
export class EventConnection extends Connection(PartnerEvent, 'Event') {}

@ArgsType()
export class EventsArgs extends PageArgs {
  @Field(() => [EventType], { nullable: true, description: 'Only these types (at most 50)' })
  @IsOptional()
  @ArrayMaxSize(50)
  @IsEnum(EventType, { each: true })
  types?: EventType[];

  @Field({ nullable: true, description: 'Only events that occurred at or after this time (to start polling from a point in time)' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  since?: Date;
}
