import { Role } from '../auth/role.js';
import type { NodeType } from '../graphql/node.js';
import { EventRow, EVENTS_BY_ID, toEvent } from './event-feed.js';

/**
 * As the events feed shows them to the acting organisation. An event has one id for every organisation that hears
 * of it (it is the webhook-id of its deliveries); each reads its own copy, and the others do not exist for it.
 */
export const EVENT_NODES: NodeType[] = [
  {
    name: 'Event',
    table: 'outbox_events',
    column: 'event_id',
    roles: [Role.CASE_WORKER, Role.ORG_ADMIN],
    load: async (scope, ids) => {
      const rows: EventRow[] = await scope.read((manager) => manager.query(EVENTS_BY_ID, [ids]));
      return ids.map((id) => {
        const row = rows.find((candidate) => candidate.event_id === id);
        return row ? toEvent(row) : null;
      });
    },
  },
];
