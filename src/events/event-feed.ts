import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor.js';
import { ConnectionOf, PageWindow, toConnection } from '../common/connection.js';
import { TenantDatabase } from '../database/tenant-database.js';
import { ConsentPurpose, DataCategory } from '../personal-data/consent-terms.js';
import { EventEntity, EventType } from './event-type.js';
import { EventsArgs, PartnerEvent } from './event.model.js';

export interface EventRow {
  event_id: string;
  type: EventType;
  occurred_at: Date;
  actor_organisation_id: string | null;
  referral_id: string | null;
  entity: EventEntity | null;
  entity_id: string | null;
  consent_scope: { consentId: string; purposes: string[]; categories: string[]; expiresAt: string | null } | null;
  transaction_id: string;
  position: string;
}

/**
 * One statement per direction, whatever the arguments, so its plan is made once. Rows of transactions that may
 * still be running before them stay out (transaction_id below the snapshot's xmin): the order is final once a row
 * can be read. Backwards, the same rows are read from the other end: `$1, $2` beyond the last position there is.
 */
const eventPage = (
  backward: boolean,
) => `SELECT event_id, type, occurred_at, actor_organisation_id, referral_id, entity, entity_id, consent_scope,
    transaction_id::text AS transaction_id, position::text AS position
  FROM outbox_events
  WHERE organisation_id = app_organisation_id()
    AND (transaction_id, position) ${backward ? '<' : '>'} ($1::xid8, $2::bigint)
    AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
    AND ($3::text[] IS NULL OR type = ANY ($3::text[]))
    AND ($4::timestamptz IS NULL OR occurred_at >= $4::timestamptz)
  ORDER BY transaction_id ${backward ? 'DESC' : 'ASC'}, position ${backward ? 'DESC' : 'ASC'}
  LIMIT $5`;
export const EVENT_PAGE = eventPage(false);
const EVENT_PAGE_BACKWARD = eventPage(true);
/** Beyond every position (xid8 and bigint at their largest): where the last page of the feed is read from. */
const END_OF_FEED = ['18446744073709551615', '9223372036854775807'];

/** Each organisation's events, oldest first, for partner systems that poll and resume where they stopped. */
@Injectable()
export class EventFeed {
  constructor(private readonly tenants: TenantDatabase) {}

  async page(actor: Actor, args: EventsArgs): Promise<ConnectionOf<PartnerEvent>> {
    const window = PageWindow.of(args);
    const [transactionId, position] = window.position(['sequence', 'sequence']) ?? (window.backward ? END_OF_FEED : ['0', '0']);
    const rows = await this.tenants.read<EventRow>(actor, window.backward ? EVENT_PAGE_BACKWARD : EVENT_PAGE, [
      transactionId,
      position,
      args.types?.length ? args.types : null,
      args.since ?? null,
      window.limit,
    ]);
    const positions = new Map<PartnerEvent, [string, string]>();
    const events = rows.map((row) => {
      const event = toEvent(row);
      positions.set(event, [row.transaction_id, row.position]);
      return event;
    });
    return toConnection(events, window, (event) => positions.get(event)!);
  }
}

/** Events by their ids (node), as the feed shows them to the acting organisation. */
export const EVENTS_BY_ID = `SELECT event_id, type, occurred_at, actor_organisation_id, referral_id, entity, entity_id, consent_scope,
    transaction_id::text AS transaction_id, position::text AS position
  FROM outbox_events
  WHERE organisation_id = app_organisation_id() AND event_id = ANY ($1::uuid[])`;

export function toEvent(row: EventRow): PartnerEvent {
  const about = (entity: EventEntity) => (row.entity === entity ? row.entity_id : null);
  const scope = row.consent_scope;
  return {
    id: row.event_id,
    type: row.type,
    occurredAt: row.occurred_at,
    actorOrganisationId: row.actor_organisation_id,
    referralId: row.referral_id,
    followUpId: about(EventEntity.FOLLOW_UP),
    messageId: about(EventEntity.MESSAGE),
    practiceId: about(EventEntity.PRACTICE),
    meetingId: about(EventEntity.MEETING),
    consentScope: scope && {
      consentId: scope.consentId,
      purposes: scope.purposes as ConsentPurpose[],
      categories: scope.categories as DataCategory[],
      expiresAt: scope.expiresAt ? new Date(scope.expiresAt) : null,
    },
  };
}
