import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { Clock } from '../common/clock.js';
import { ConnectionOf, PageWindow, PageArgs, toConnection } from '../common/connection.js';
import { CURSOR_TIME_FORMAT } from '../common/cursor-time.js';
import { ConflictError, NotFoundError } from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';
import { TenantDatabase } from '../database/tenant-database.js';
import { checkWebhookHost, checkWebhookUrl } from './address-guard.js';
import { WebhookSecrets } from './webhook-secrets.js';
import { RegisterWebhookEndpointInput, WebhookEndpoint, WebhookEndpointStatus, WebhookEndpointWithSecret } from './webhook.model.js';

/** An organisation registers this many endpoints at most. */
export const MAX_ENDPOINTS = 20;

interface EndpointRow {
  id: string;
  url: string;
  description: string;
  event_types: WebhookEndpoint['eventTypes'];
  status: WebhookEndpointStatus;
  disabled_reason: string | null;
  disabled_at: Date | null;
  created_at: Date;
  cursor_at: string;
}

const ENDPOINT_COLUMNS = `id, url, description, event_types, status, disabled_reason, disabled_at, created_at,
  to_char(created_at AT TIME ZONE 'UTC', '${CURSOR_TIME_FORMAT}') AS cursor_at`;

/** An organisation's webhook endpoints, kept by its ORG_ADMINs (the resolver's roles). */
@Injectable()
export class WebhookEndpointsService {
  constructor(
    private readonly tenants: TenantDatabase,
    private readonly secrets: WebhookSecrets,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async register(actor: Actor, input: RegisterWebhookEndpointInput): Promise<WebhookEndpointWithSecret> {
    const policy = this.config.webhookAddressPolicy;
    const url = checkWebhookUrl(input.url, policy);
    await checkWebhookHost(url, policy);
    return this.tenants.run(actor, async (manager) => {
      const [{ count }] = await manager.query(`SELECT count(*)::int AS count FROM webhook_endpoints`);
      if (count >= MAX_ENDPOINTS)
        throw new ConflictError(`An organisation has at most ${MAX_ENDPOINTS} webhook endpoints: delete one first.`);
      // It hears the events written from now on: the outbox rows not yet settled stay ahead of its position.
      const [{ id }] = await manager.query(
        `INSERT INTO webhook_endpoints (organisation_id, url, description, event_types, after_transaction_id, created_by_member_id)
         VALUES ($1, $2, $3, $4, pg_snapshot_xmin(pg_current_snapshot()), $5) RETURNING id`,
        [actor.organisationId, url.toString(), input.description, [...new Set(input.eventTypes)], actor.memberId],
      );
      const secret = await this.secrets.issue(manager, actor.organisationId, id, this.clock.now());
      await this.audit.record(manager, { action: 'webhook_endpoint.register', entity: 'webhook_endpoint', entityId: id });
      return { endpoint: await this.find(manager, id), secret };
    });
  }

  /** A new secret; the one before keeps signing next to it for a day, so the receiver can switch without a gap. */
  rotateSecret(actor: Actor, id: string): Promise<WebhookEndpointWithSecret> {
    return this.tenants.run(actor, async (manager) => {
      await this.find(manager, id, true);
      const secret = await this.secrets.issue(manager, actor.organisationId, id, this.clock.now());
      await this.audit.record(manager, { action: 'webhook_endpoint.rotate_secret', entity: 'webhook_endpoint', entityId: id });
      return { endpoint: await this.find(manager, id), secret };
    });
  }

  pause(actor: Actor, id: string): Promise<WebhookEndpoint> {
    return this.setStatus(actor, id, WebhookEndpointStatus.PAUSED, 'webhook_endpoint.pause');
  }

  /** Also turns a disabled endpoint back on: deliveries resume with the events written meanwhile. */
  resume(actor: Actor, id: string): Promise<WebhookEndpoint> {
    return this.setStatus(actor, id, WebhookEndpointStatus.ACTIVE, 'webhook_endpoint.resume');
  }

  delete(actor: Actor, id: string): Promise<WebhookEndpoint> {
    return this.tenants.run(actor, async (manager) => {
      const endpoint = await this.find(manager, id, true);
      await manager.query(`DELETE FROM webhook_endpoints WHERE id = $1`, [id]);
      await this.audit.record(manager, { action: 'webhook_endpoint.delete', entity: 'webhook_endpoint', entityId: id });
      return endpoint;
    });
  }

  list(actor: Actor, page: PageArgs): Promise<ConnectionOf<WebhookEndpoint>> {
    return this.tenants.run(actor, async (manager) => {
      const window = PageWindow.of(page);
      const [at, id] = window.position(['time', 'uuid']) ?? [null, null];
      const order = window.order('ASC');
      const rows: EndpointRow[] = await manager.query(
        `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints
         WHERE ($1::text IS NULL OR (created_at, id) ${window.beyond('ASC')} (($1::timestamp AT TIME ZONE 'UTC'), $2::uuid))
         ORDER BY created_at ${order}, id ${order} LIMIT $3`,
        [at, id, window.limit],
      );
      const endpoints = await this.withKeys(manager, rows);
      return toConnection(endpoints, window, (endpoint) => [rows.find((row) => row.id === endpoint.id)!.cursor_at, endpoint.id]);
    });
  }

  /** The acting organisation's endpoints among these ids (node); the others are not there. */
  async byIds(manager: EntityManager, ids: readonly string[]): Promise<WebhookEndpoint[]> {
    const rows: EndpointRow[] = await manager.query(`SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = ANY ($1::uuid[])`, [ids]);
    return this.withKeys(manager, rows);
  }

  /** The endpoint, if the acting organisation has it; any other id is NOT_FOUND. */
  async find(manager: EntityManager, id: string, lock = false): Promise<WebhookEndpoint> {
    const rows: EndpointRow[] = await manager.query(
      `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [id],
    );
    if (rows.length === 0) throw new NotFoundError('Webhook endpoint');
    return (await this.withKeys(manager, rows))[0];
  }

  private setStatus(actor: Actor, id: string, status: WebhookEndpointStatus, action: string): Promise<WebhookEndpoint> {
    return this.tenants.run(actor, async (manager) => {
      await this.find(manager, id, true);
      await manager.query(`UPDATE webhook_endpoints SET status = $2, disabled_reason = NULL, disabled_at = NULL WHERE id = $1`, [
        id,
        status,
      ]);
      await this.audit.record(manager, { action, entity: 'webhook_endpoint', entityId: id });
      return this.find(manager, id);
    });
  }

  private async withKeys(manager: EntityManager, rows: EndpointRow[]): Promise<WebhookEndpoint[]> {
    const keys = rows.length
      ? await this.secrets.publicKeys(
          manager,
          rows.map((row) => row.id),
          this.clock.now(),
        )
      : new Map();
    return rows.map((row) => ({
      id: row.id,
      url: row.url,
      description: row.description,
      eventTypes: row.event_types,
      status: row.status,
      disabledReason: row.disabled_reason,
      disabledAt: row.disabled_at,
      publicKeys: keys.get(row.id) ?? [],
      createdAt: row.created_at,
    }));
  }
}
