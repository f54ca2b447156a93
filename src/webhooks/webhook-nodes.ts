import { Role } from '../auth/role.js';
import type { NodeType } from '../graphql/node.js';
import { WebhookDeliveriesService } from './webhook-deliveries.service.js';
import { WebhookEndpointsService } from './webhook-endpoints.service.js';

const inOrder = <T extends { id: string }>(ids: readonly string[], found: T[]) =>
  ids.map((id) => found.find((row) => row.id === id) ?? null);

/** An ORG_ADMIN's own organisation's endpoints and deliveries, as webhookEndpoints and webhookDeliveries list them. */
export const WEBHOOK_NODES: NodeType[] = [
  {
    name: 'WebhookEndpoint',
    table: 'webhook_endpoints',
    roles: [Role.ORG_ADMIN],
    load: async (scope, ids) => inOrder(ids, await scope.read((manager) => scope.service(WebhookEndpointsService).byIds(manager, ids))),
  },
  {
    name: 'WebhookDelivery',
    table: 'webhook_deliveries',
    roles: [Role.ORG_ADMIN],
    load: async (scope, ids) => inOrder(ids, await scope.read((manager) => scope.service(WebhookDeliveriesService).byIds(manager, ids))),
  },
];
