import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { preparedQuery } from '../database/prepared-query.js';
import { deferToCommit } from '../database/tenant-database.js';
import type { EventEntity, EventType } from './event-type.js';

/** One event, as a domain announces it: what happened, to what, and who may hear of it. */
export interface Announcement {
  type: EventType;
  /** The organisations that may know of it (a referral's receiver only once it was submitted to them). */
  recipients: readonly string[];
  /** The organisation whose change it is; null for the scheduler's events. */
  actorOrganisationId: string | null;
  referralId?: string | null;
  about?: { entity: EventEntity; id: string };
  /** The consent whose scope (purposes, categories, expiry) travels with the event: what the receiver may now fetch. */
  consentId?: string | null;
  /** For time-based events: the same key is announced once per organisation, however often it is tried. */
  onceKey?: string;
  occurredAt?: Date;
}

/**
 * The one door into the outbox. Called with the manager of the change's own transaction, so the event exists exactly
 * when the change committed. One statement per event, whatever the number of recipients; the consent's scope is read
 * in it. It carries ids, types, times and the scope only: a partner fetches the rest through the API, where consent
 * is decided at that moment.
 */
@Injectable()
export class Outbox {
  constructor(private readonly clock: Clock) {}

  async announce(manager: EntityManager, event: Announcement): Promise<void> {
    const recipients = [...new Set(event.recipients)];
    if (recipients.length === 0) return;
    const statement = {
      text: `INSERT INTO outbox_events (event_id, organisation_id, type, occurred_at, actor_organisation_id, referral_id, entity, entity_id,
                                  consent_scope, once_key)
       SELECT $1, recipient, $3, $4, $5, $6, $7, $8,
              (SELECT jsonb_build_object('consentId', c.id, 'purposes', c.purposes, 'categories', c.categories, 'expiresAt', c.expires_at)
                 FROM consents c WHERE c.id = $9),
              $10
       FROM unnest($2::uuid[]) AS recipient
       ${event.onceKey ? 'ON CONFLICT (organisation_id, once_key) WHERE once_key IS NOT NULL DO NOTHING' : ''}`,
      values: [
        randomUUID(),
        recipients,
        event.type,
        event.occurredAt ?? this.clock.now(),
        event.actorOrganisationId,
        event.referralId ?? null,
        event.about?.entity ?? null,
        event.about?.id ?? null,
        event.consentId ?? null,
        event.onceKey ?? null,
      ],
    };
    // In a write, sent with its COMMIT (nothing in the write reads it back); prepared either way, since every change
    // runs it and parsing and planning it anew each time cost a tenth of a submit.
    if (!deferToCommit(manager, () => statement)) await preparedQuery(manager, statement.text, statement.values);
  }
}

/** Who hears of a referral's change: its sender, and its receiver once the referral was submitted to it. */
export function referralParties(referral: { senderOrganisationId: string; receiverOrganisationId: string; submittedAt: Date | null }) {
  return referral.submittedAt ? [referral.senderOrganisationId, referral.receiverOrganisationId] : [referral.senderOrganisationId];
}
