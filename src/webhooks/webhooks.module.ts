import { Module } from '@nestjs/common';
import { CryptoModule } from '../crypto/crypto.module.js';
import { WebhookDeliveriesService } from './webhook-deliveries.service.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';
import { WebhookEndpointsService } from './webhook-endpoints.service.js';
import { WebhookSecrets } from './webhook-secrets.js';
import { WebhooksResolver } from './webhooks.resolver.js';

/** Signed webhooks in the Standard Webhooks format, fed from the outbox (docs/events.md). */
@Module({
  imports: [CryptoModule],
  providers: [WebhookSecrets, WebhookEndpointsService, WebhookDeliveriesService, WebhookDispatcher, WebhooksResolver],
  exports: [WebhookDispatcher],
})
export class WebhooksModule {}
