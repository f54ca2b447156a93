import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/decorators.js';
import { Role } from '../auth/role.js';
import { PageArgs } from '../common/connection.js';
import { WebhookDeliveriesService } from './webhook-deliveries.service.js';
import { WebhookEndpointsService } from './webhook-endpoints.service.js';
import {
  RedeliverWebhookInput,
  RegisterWebhookEndpointInput,
  WebhookDeliveriesArgs,
  WebhookDeliveryConnection,
  WebhookEndpointConnection,
  WebhookEndpointInput,
} from './webhook.model.js';
import {
  DeleteWebhookEndpointPayload,
  PauseWebhookEndpointPayload,
  RedeliverWebhookPayload,
  RegisterWebhookEndpointPayload,
  ResumeWebhookEndpointPayload,
  RotateWebhookSecretPayload,
} from './webhook.payloads.js';

@Resolver()
@Roles(Role.ORG_ADMIN)
export class WebhooksResolver {
  constructor(
    private readonly endpoints: WebhookEndpointsService,
    private readonly deliveries: WebhookDeliveriesService,
  ) {}

  @Query(() => WebhookEndpointConnection, { description: "Your organisation's webhook endpoints, oldest first" })
  webhookEndpoints(@CurrentActor() actor: Actor, @Args() page: PageArgs) {
    return this.endpoints.list(actor, page);
  }

  @Query(() => WebhookDeliveryConnection, { description: 'The delivery log of one endpoint, newest first' })
  webhookDeliveries(@CurrentActor() actor: Actor, @Args() args: WebhookDeliveriesArgs) {
    return this.deliveries.list(actor, args);
  }

  @Mutation(() => RegisterWebhookEndpointPayload, {
    description: 'Events your organisation hears from now on are signed and posted to the URL',
  })
  registerWebhookEndpoint(@CurrentActor() actor: Actor, @Args('input') input: RegisterWebhookEndpointInput) {
    return this.endpoints.register(actor, input);
  }

  @Mutation(() => RotateWebhookSecretPayload, { description: 'A new secret; the previous one keeps signing next to it for 24 hours' })
  rotateWebhookSecret(@CurrentActor() actor: Actor, @Args('input') input: WebhookEndpointInput) {
    return this.endpoints.rotateSecret(actor, input.id);
  }

  @Mutation(() => PauseWebhookEndpointPayload, { description: 'Deliveries wait until the endpoint is resumed' })
  async pauseWebhookEndpoint(@CurrentActor() actor: Actor, @Args('input') input: WebhookEndpointInput) {
    return { endpoint: await this.endpoints.pause(actor, input.id) };
  }

  @Mutation(() => ResumeWebhookEndpointPayload, {
    description: 'A paused or disabled endpoint takes deliveries again, the waiting ones first',
  })
  async resumeWebhookEndpoint(@CurrentActor() actor: Actor, @Args('input') input: WebhookEndpointInput) {
    return { endpoint: await this.endpoints.resume(actor, input.id) };
  }

  @Mutation(() => DeleteWebhookEndpointPayload, { description: 'The endpoint, its secrets and its delivery log are deleted' })
  async deleteWebhookEndpoint(@CurrentActor() actor: Actor, @Args('input') input: WebhookEndpointInput) {
    return { endpoint: await this.endpoints.delete(actor, input.id) };
  }

  @Mutation(() => RedeliverWebhookPayload, { description: 'Delivers the event again now, with the same webhook-id' })
  async redeliverWebhook(@CurrentActor() actor: Actor, @Args('input') input: RedeliverWebhookInput) {
    return { delivery: await this.deliveries.redeliver(actor, input.deliveryId) };
  }
}
