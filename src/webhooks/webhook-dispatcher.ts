import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { TenantDatabase } from '../database/tenant-database.js';
import { EventRow, toEvent } from '../events/event-feed.js';
import { nextAttemptAt, retryAfterSeconds } from './retry-schedule.js';
import { SendResult, sendWebhook } from './webhook-sender.js';
import { WebhookSecrets } from './webhook-secrets.js';
import { webhookHeaders } from './webhook-signature.js';
import { logBackgroundFailure } from '../database/connection-failure.js';

/** Deliveries one replica takes at a time. */
const BATCH = 20;

interface ClaimedDelivery {
  id: string;
  organisation_id: string;
  endpoint_id: string;
  event_id: string;
  event_position: string;
  attempts: number;
  created_at: Date;
  url: string;
}

/**
 * Delivers the outbox to webhook endpoints, on every replica. Two steps, each claiming with FOR UPDATE SKIP LOCKED so
 * replicas share the work and never do the same part twice: fan-out (a delivery row per new event and endpoint,
 * unique per pair) and delivery (due rows are leased: their next attempt moves past the timeout before any request
 * goes out, so a replica that crashes mid-request leaves the delivery to be retried with the same webhook-id).
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private readonly logger = new Logger(WebhookDispatcher.name);

  constructor(
    private readonly config: AppConfig,
    private readonly tenants: TenantDatabase,
    private readonly secrets: WebhookSecrets,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.RAVOT_WEBHOOK_INTERVAL_MS;
    if (every > 0) this.timer = setInterval(() => void this.tick(), every).unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  private tick(): Promise<unknown> {
    this.running ??= this.runOnce()
      .catch((error: unknown) => logBackgroundFailure(this.logger, 'Webhook delivery failed', error))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  /** One round: new events fanned out, then every due delivery (up to a batch) attempted. The attempts made. */
  async runOnce(): Promise<number> {
    // With no active endpoint there is nothing to deliver: an idle network costs one short transaction a round.
    if ((await this.fanOut()) === 0) return 0;
    const claimed = await this.claimDue();
    if (claimed.length === 0) return 0;
    const { events, secrets } = await this.tenants.runAsOwner(async (manager) => ({
      events: await this.eventsOf(manager, claimed),
      secrets: await this.secrets.inForce(manager, [...new Set(claimed.map((delivery) => delivery.endpoint_id))], this.clock.now()),
    }));
    const policy = this.config.webhookAddressPolicy;
    await Promise.all(
      claimed.map(async (delivery) => {
        const event = events.get(delivery.event_position);
        if (!event)
          return this.record(
            delivery,
            { statusCode: null, error: 'the event is no longer in the outbox', latencyMs: 0, retryAfter: undefined },
            true,
          );
        const body = JSON.stringify(event);
        // The timestamp is the wall clock's: receivers check it against theirs.
        const headers = webhookHeaders(delivery.event_id, new Date(), body, secrets.get(delivery.endpoint_id) ?? []);
        const result = await sendWebhook(new URL(delivery.url), headers, body, this.config.RAVOT_WEBHOOK_TIMEOUT_MS, policy);
        await this.record(delivery, result);
      }),
    );
    return claimed.length;
  }

  /** A delivery row for each event that reached an active endpoint's organisation since the endpoint's position. */
  private fanOut(): Promise<number> {
    const now = this.clock.now();
    return this.tenants.runAsOwner(async (manager) => {
      const endpoints: { id: string }[] = await manager.query(
        `SELECT id FROM webhook_endpoints WHERE status = 'ACTIVE' FOR UPDATE SKIP LOCKED`,
      );
      if (endpoints.length === 0) return 0;
      const ids = endpoints.map((endpoint) => endpoint.id);
      // One horizon for both statements: every outbox row below it is committed or never will be.
      const [{ horizon }] = await manager.query(`SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon`);
      await manager.query(
        `INSERT INTO webhook_deliveries (organisation_id, endpoint_id, event_id, event_type, event_position, next_attempt_at, created_at)
         SELECT w.organisation_id, w.id, e.event_id, e.type, e.position, $3, $3
         FROM webhook_endpoints w JOIN outbox_events e ON e.organisation_id = w.organisation_id
           AND (e.transaction_id, e.position) > (w.after_transaction_id, w.after_position) AND e.transaction_id < $2::xid8
         WHERE w.id = ANY ($1::uuid[]) AND (cardinality(w.event_types) = 0 OR e.type = ANY (w.event_types))
         ORDER BY e.transaction_id, e.position
         ON CONFLICT (endpoint_id, event_id) DO NOTHING`,
        [ids, horizon, now],
      );
      const newer = `FROM outbox_events e WHERE e.organisation_id = w.organisation_id AND e.transaction_id < $2::xid8
          AND (e.transaction_id, e.position) > (w.after_transaction_id, w.after_position)`;
      await manager.query(
        `UPDATE webhook_endpoints w SET (after_transaction_id, after_position) =
           (SELECT e.transaction_id, e.position ${newer} ORDER BY e.transaction_id DESC, e.position DESC LIMIT 1)
         WHERE w.id = ANY ($1::uuid[]) AND EXISTS (SELECT 1 ${newer})`,
        [ids, horizon],
      );
      return ids.length;
    });
  }

  /** Due deliveries of active endpoints, leased to this replica for longer than an attempt can take. */
  private claimDue(): Promise<ClaimedDelivery[]> {
    const now = this.clock.now();
    return this.tenants.runAsOwner(async (manager) => {
      const claimed: ClaimedDelivery[] = await manager.query(
        `SELECT d.id, d.organisation_id, d.endpoint_id, d.event_id, d.event_position::text AS event_position, d.attempts, d.created_at, w.url
         FROM webhook_deliveries d JOIN webhook_endpoints w ON w.id = d.endpoint_id
         WHERE d.status = 'PENDING' AND d.next_attempt_at <= $1 AND w.status = 'ACTIVE'
         ORDER BY d.next_attempt_at LIMIT $2
         FOR UPDATE OF d SKIP LOCKED`,
        [now, BATCH],
      );
      if (claimed.length === 0) return [];
      await manager.query(
        `UPDATE webhook_deliveries SET attempts = attempts + 1, next_attempt_at = $2::timestamptz + $3::interval WHERE id = ANY ($1::uuid[])`,
        [claimed.map((delivery) => delivery.id), now, `${this.config.RAVOT_WEBHOOK_TIMEOUT_MS + 60_000} milliseconds`],
      );
      return claimed.map((delivery) => ({ ...delivery, attempts: delivery.attempts + 1 }));
    });
  }

  /** The thin payload of each event: what the feed shows of it (ids, types, times, consent scope). */
  private async eventsOf(manager: EntityManager, claimed: ClaimedDelivery[]): Promise<Map<string, unknown>> {
    const rows: EventRow[] = await manager.query(
      `SELECT event_id, type, occurred_at, actor_organisation_id, referral_id, entity, entity_id, consent_scope,
              transaction_id::text AS transaction_id, position::text AS position
       FROM outbox_events WHERE position = ANY ($1::bigint[])`,
      [claimed.map((delivery) => delivery.event_position)],
    );
    return new Map(
      rows.map((row) => {
        const event = toEvent(row);
        return [row.position, { type: event.type, timestamp: event.occurredAt.toISOString(), data: event }];
      }),
    );
  }

  /** The attempt in the log, and what follows from it: delivered, retried later, or given up with the endpoint disabled. */
  private record(delivery: ClaimedDelivery, result: SendResult, hopeless = false): Promise<void> {
    const now = this.clock.now();
    const code = result.statusCode;
    const delivered = code !== null && code >= 200 && code < 300;
    const problem = result.error ?? (code !== null && code >= 300 && code < 400 ? `redirect (${code}) not followed` : null);
    return this.tenants.runAsOwner(async (manager) => {
      await manager.query(
        `INSERT INTO webhook_attempts (organisation_id, delivery_id, attempted_at, status_code, error, latency_ms) VALUES ($1, $2, $3, $4, $5, $6)`,
        [delivery.organisation_id, delivery.id, now, code, problem, result.latencyMs],
      );
      if (delivered) {
        await manager.query(`UPDATE webhook_deliveries SET status = 'DELIVERED', delivered_at = $2, next_attempt_at = NULL WHERE id = $1`, [
          delivery.id,
          now,
        ]);
        return;
      }
      if (hopeless) {
        await this.fail(manager, delivery.id);
        return;
      }
      if (code === 410) {
        await this.fail(manager, delivery.id);
        await this.disable(manager, delivery.endpoint_id, 'The receiver answered 410 Gone: it no longer takes deliveries.', now);
        return;
      }
      const retryAfter = code === 429 || code === 503 ? retryAfterSeconds(result.retryAfter, now) : null;
      const next = nextAttemptAt(delivery.attempts, now, retryAfter);
      if (next) {
        await manager.query(`UPDATE webhook_deliveries SET next_attempt_at = $2 WHERE id = $1`, [delivery.id, next]);
        return;
      }
      await this.fail(manager, delivery.id);
      // Given up on this event. If nothing reached the endpoint since it was written, the endpoint fails persistently.
      const [{ reached }] = await manager.query(
        `SELECT EXISTS (SELECT 1 FROM webhook_deliveries WHERE endpoint_id = $1 AND delivered_at >= $2) AS reached`,
        [delivery.endpoint_id, delivery.created_at],
      );
      if (!reached) {
        const last = problem ?? `HTTP ${code}`;
        await this.disable(manager, delivery.endpoint_id, `Every delivery failed for over a day (last attempt: ${last}).`, now);
      }
    });
  }

  private async fail(manager: EntityManager, deliveryId: string): Promise<void> {
    await manager.query(`UPDATE webhook_deliveries SET status = 'FAILED', next_attempt_at = NULL WHERE id = $1`, [deliveryId]);
  }

  private async disable(manager: EntityManager, endpointId: string, reason: string, at: Date): Promise<void> {
    await manager.query(
      `UPDATE webhook_endpoints SET status = 'DISABLED', disabled_reason = $2, disabled_at = $3 WHERE id = $1 AND status = 'ACTIVE'`,
      [endpointId, reason, at],
    );
  }
}
