import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { Clock } from '../common/clock.js';
import { ConnectionOf, PageWindow, toConnection } from '../common/connection.js';
import { CURSOR_TIME_FORMAT } from '../common/cursor-time.js';
import { NotFoundError } from '../common/errors.js';
import { TenantDatabase } from '../database/tenant-database.js';
import { WebhookEndpointsService } from './webhook-endpoints.service.js';
import { WebhookDeliveriesArgs, WebhookDelivery, WebhookDeliveryStatus } from './webhook.model.js';

interface DeliveryRow {
  id: string;
  event_id: string;
  event_type: WebhookDelivery['eventType'];
  status: WebhookDeliveryStatus;
  attempts: number;
  next_attempt_at: Date | null;
  delivered_at: Date | null;
  created_at: Date;
  cursor_at: string;
}

const DELIVERY_COLUMNS = `id, event_id, event_type, status, attempts, next_attempt_at, delivered_at, created_at,
  to_char(created_at AT TIME ZONE 'UTC', '${CURSOR_TIME_FORMAT}') AS cursor_at`;

/** The delivery log of an endpoint, for its organisation's admins, and redelivery by hand. */
@Injectable()
export class WebhookDeliveriesService {
  constructor(
    private readonly tenants: TenantDatabase,
    private readonly endpoints: WebhookEndpointsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Newest first, each with its attempts: two statements a page. */
  list(actor: Actor, args: WebhookDeliveriesArgs): Promise<ConnectionOf<WebhookDelivery>> {
    return this.tenants.run(actor, async (manager) => {
      await this.endpoints.find(manager, args.endpointId);
      const window = PageWindow.of(args);
      const [at, id] = window.position(['time', 'uuid']) ?? [null, null];
      const order = window.order('DESC');
      const rows: DeliveryRow[] = await manager.query(
        `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries
         WHERE endpoint_id = $1 AND ($2::text IS NULL OR status = $2)
           AND ($3::text IS NULL OR (created_at, id) ${window.beyond('DESC')} (($3::timestamp AT TIME ZONE 'UTC'), $4::uuid))
         ORDER BY created_at ${order}, id ${order} LIMIT $5`,
        [args.endpointId, args.status ?? null, at, id, window.limit],
      );
      const deliveries = await this.withLogs(manager, rows);
      return toConnection(deliveries, window, (delivery) => [rows.find((row) => row.id === delivery.id)!.cursor_at, delivery.id]);
    });
  }

  /** The acting organisation's deliveries among these ids (node), each with its attempts. */
  async byIds(manager: EntityManager, ids: readonly string[]): Promise<WebhookDelivery[]> {
    const rows: DeliveryRow[] = await manager.query(`SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE id = ANY ($1::uuid[])`, [
      ids,
    ]);
    return this.withLogs(manager, rows);
  }

  /** Once more, now, with the same webhook-id: the schedule of retries starts again; the log keeps what was before. */
  redeliver(actor: Actor, deliveryId: string): Promise<WebhookDelivery> {
    return this.tenants.run(actor, async (manager) => {
      // An UPDATE answers [rows, count].
      const [updated] = await manager.query(
        `UPDATE webhook_deliveries SET status = 'PENDING', attempts = 0, next_attempt_at = $2, delivered_at = NULL WHERE id = $1 RETURNING id`,
        [deliveryId, this.clock.now()],
      );
      if (updated.length === 0) throw new NotFoundError('Webhook delivery');
      await this.audit.record(manager, { action: 'webhook_delivery.redeliver', entity: 'webhook_delivery', entityId: deliveryId });
      const rows: DeliveryRow[] = await manager.query(`SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE id = $1`, [deliveryId]);
      return (await this.withLogs(manager, rows))[0];
    });
  }

  private async withLogs(manager: EntityManager, rows: DeliveryRow[]): Promise<WebhookDelivery[]> {
    const attempts: { delivery_id: string; attempted_at: Date; status_code: number | null; error: string | null; latency_ms: number }[] =
      rows.length === 0
        ? []
        : await manager.query(
            `SELECT delivery_id, attempted_at, status_code, error, latency_ms FROM webhook_attempts
             WHERE delivery_id = ANY ($1::uuid[]) ORDER BY attempted_at, id`,
            [rows.map((row) => row.id)],
          );
    return rows.map((row) => ({
      id: row.id,
      eventId: row.event_id,
      eventType: row.event_type,
      status: row.status,
      attempts: row.attempts,
      nextAttemptAt: row.next_attempt_at,
      deliveredAt: row.delivered_at,
      createdAt: row.created_at,
      log: attempts
        .filter((attempt) => attempt.delivery_id === row.id)
        .map((attempt) => ({
          attemptedAt: attempt.attempted_at,
          statusCode: attempt.status_code,
          error: attempt.error,
          latencyMs: attempt.latency_ms,
        })),
    }));
  }
}
