import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ArrayMaxSize, IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { Connection, PageArgs } from '../common/connection.js';
import { EventType } from '../events/event-type.js';
import { Node } from '../graphql/node.js';

export enum WebhookEndpointStatus {
  ACTIVE = 'ACTIVE',
  PAUSED = 'PAUSED',
  /** By the service, for a reason its admins see: the receiver answered 410 Gone, or failed for over a day. */
  DISABLED = 'DISABLED',
}

export enum WebhookDeliveryStatus {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  FAILED = 'FAILED',
}

registerEnumType(WebhookEndpointStatus, { name: 'WebhookEndpointStatus' });
registerEnumType(WebhookDeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  valuesMap: {
    PENDING: { description: 'Waiting for its first or next attempt' },
    DELIVERED: { description: 'The endpoint answered 2xx' },
    FAILED: { description: 'Every attempt of the retry schedule failed' },
  },
});

@ObjectType('WebhookEndpoint', { implements: () => [Node] })
export class WebhookEndpoint {
  @Field(() => ID)
  id: string;

  @Field()
  url: string;

  @Field()
  description: string;

  @Field(() => [EventType], { description: 'The types delivered; empty: every type' })
  eventTypes: EventType[];

  @Field(() => WebhookEndpointStatus)
  status: WebhookEndpointStatus;

  @Field(() => String, { nullable: true, description: 'Why the service disabled it' })
  disabledReason: string | null;

  @Field(() => Date, { nullable: true })
  disabledAt: Date | null;

  @Field(() => [String], { description: 'The Ed25519 public keys (whpk_) that sign v1a signatures now, newest first' })
  publicKeys: string[];

  @Field()
  createdAt: Date;
}

@ObjectType()
export class WebhookEndpointConnection extends Connection(WebhookEndpoint, 'WebhookEndpoint') {}

/** An endpoint with its new signing secret: what registering and rotating answer (see webhook.payloads.ts). */
@ObjectType({ isAbstract: true })
export class WebhookEndpointWithSecret {
  @Field(() => WebhookEndpoint)
  endpoint: WebhookEndpoint;

  @Field({ description: 'The HMAC secret (whsec_) for v1 signatures. Store it now: it is never shown again.' })
  secret: string;
}

@ObjectType('WebhookAttempt')
export class WebhookAttempt {
  @Field()
  attemptedAt: Date;

  @Field(() => Int, { nullable: true, description: 'The receiver’s HTTP status; null when there was no answer' })
  statusCode: number | null;

  @Field(() => String, { nullable: true })
  error: string | null;

  @Field(() => Int)
  latencyMs: number;
}

@ObjectType('WebhookDelivery', { implements: () => [Node] })
export class WebhookDelivery {
  @Field(() => ID)
  id: string;

  @Field(() => ID, { description: 'The event, and the webhook-id of every attempt' })
  eventId: string;

  @Field(() => EventType)
  eventType: EventType;

  @Field(() => WebhookDeliveryStatus)
  status: WebhookDeliveryStatus;

  @Field(() => Int)
  attempts: number;

  @Field(() => Date, { nullable: true })
  nextAttemptAt: Date | null;

  @Field(() => Date, { nullable: true })
  deliveredAt: Date | null;

  @Field()
  createdAt: Date;

  @Field(() => [WebhookAttempt], { description: 'Every attempt, oldest first' })
  log: WebhookAttempt[];
}

@ObjectType()
export class WebhookDeliveryConnection extends Connection(WebhookDelivery, 'WebhookDelivery') {}

@InputType()
export class RegisterWebhookEndpointInput {
  @Field({ description: 'https only; no private, loopback or link-local address. At most 2000 characters' })
  @IsString()
  @MaxLength(2000)
  url: string;

  @Field({ defaultValue: '', description: 'At most 500 characters' })
  @IsString()
  @MaxLength(500)
  description: string = '';

  @Field(() => [EventType], { defaultValue: [], description: 'The types to deliver; empty: every type. At most 50' })
  @ArrayMaxSize(50)
  @IsEnum(EventType, { each: true })
  eventTypes: EventType[] = [];
}

@InputType()
export class WebhookEndpointInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'id must be a webhook endpoint id' })
  id: string;
}

@InputType()
export class RedeliverWebhookInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'deliveryId must be a webhook delivery id' })
  deliveryId: string;
}

@ArgsType()
export class WebhookDeliveriesArgs extends PageArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'endpointId must be a webhook endpoint id' })
  endpointId: string;

  @Field(() => WebhookDeliveryStatus, { nullable: true })
  @IsOptional()
  @IsEnum(WebhookDeliveryStatus)
  status?: WebhookDeliveryStatus;
}
