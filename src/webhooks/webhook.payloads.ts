import { ObjectType } from '@nestjs/graphql';
import { Payload } from '../common/payload.js';
import { WebhookDelivery, WebhookEndpoint, WebhookEndpointWithSecret } from './webhook.model.js';

@ObjectType()
export class PauseWebhookEndpointPayload extends Payload('endpoint', WebhookEndpoint) {}

@ObjectType()
export class ResumeWebhookEndpointPayload extends Payload('endpoint', WebhookEndpoint) {}

@ObjectType()
export class DeleteWebhookEndpointPayload extends Payload('endpoint', WebhookEndpoint) {}

@ObjectType()
export class RedeliverWebhookPayload extends Payload('delivery', WebhookDelivery) {}

@ObjectType({ description: 'The endpoint and its signing secret, shown this once' })
export class RegisterWebhookEndpointPayload extends WebhookEndpointWithSecret {}

@ObjectType({ description: 'The endpoint and its new signing secret, shown this once' })
export class RotateWebhookSecretPayload extends WebhookEndpointWithSecret {}
