import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook endpoints of an organisation, their signing secrets, and the deliveries of outbox events to them with every
 * attempt. All under row-level security like every tenant table: an organisation's admins see their own endpoints
 * and deliveries only. The dispatcher works across organisations on the service's own connection.
 */
export class Webhooks1765720000000 implements MigrationInterface {
  name = 'Webhooks1765720000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE webhook_endpoints (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
      url varchar(2000) NOT NULL,
      description varchar(500) NOT NULL DEFAULT '',
      event_types text[] NOT NULL DEFAULT '{}',
      status varchar(10) NOT NULL DEFAULT 'ACTIVE',
      disabled_reason varchar(500),
      disabled_at timestamptz,
      -- The last outbox row considered for this endpoint: it hears events from its registration on.
      after_transaction_id xid8 NOT NULL,
      after_position bigint NOT NULL DEFAULT 0,
      created_by_member_id uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "PK_webhook_endpoints" PRIMARY KEY (id),
      CONSTRAINT "UQ_webhook_endpoints_tenant" UNIQUE (organisation_id, id))`);
    await db.query(`CREATE TABLE webhook_secrets (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL,
      endpoint_id uuid NOT NULL,
      hmac_key_sealed bytea NOT NULL,
      ed25519_private_key_sealed bytea NOT NULL,
      ed25519_public_key bytea NOT NULL,
      created_at timestamptz NOT NULL,
      -- A rotated secret keeps signing next to the new one for a while, so receivers can switch without a gap.
      retired_at timestamptz,
      CONSTRAINT "PK_webhook_secrets" PRIMARY KEY (id),
      CONSTRAINT "FK_webhook_secrets_endpoint" FOREIGN KEY (organisation_id, endpoint_id)
        REFERENCES webhook_endpoints (organisation_id, id) ON DELETE CASCADE)`);
    await db.query(`CREATE INDEX "IDX_webhook_secrets_endpoint" ON webhook_secrets (endpoint_id, created_at)`);
    await db.query(`CREATE TABLE webhook_deliveries (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL,
      endpoint_id uuid NOT NULL,
      event_id uuid NOT NULL,
      event_type varchar(40) NOT NULL,
      event_position bigint NOT NULL,
      status varchar(10) NOT NULL DEFAULT 'PENDING',
      attempts int NOT NULL DEFAULT 0,
      next_attempt_at timestamptz,
      delivered_at timestamptz,
      created_at timestamptz NOT NULL,
      CONSTRAINT "PK_webhook_deliveries" PRIMARY KEY (id),
      CONSTRAINT "UQ_webhook_deliveries_once" UNIQUE (endpoint_id, event_id),
      CONSTRAINT "FK_webhook_deliveries_endpoint" FOREIGN KEY (organisation_id, endpoint_id)
        REFERENCES webhook_endpoints (organisation_id, id) ON DELETE CASCADE)`);
    await db.query(`CREATE INDEX "IDX_webhook_deliveries_due" ON webhook_deliveries (next_attempt_at) WHERE status = 'PENDING'`);
    await db.query(`CREATE INDEX "IDX_webhook_deliveries_log" ON webhook_deliveries (endpoint_id, created_at, id)`);
    await db.query(`CREATE TABLE webhook_attempts (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL,
      delivery_id uuid NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
      attempted_at timestamptz NOT NULL,
      status_code int,
      error varchar(300),
      latency_ms int NOT NULL,
      CONSTRAINT "PK_webhook_attempts" PRIMARY KEY (id))`);
    await db.query(`CREATE INDEX "IDX_webhook_attempts_delivery" ON webhook_attempts (delivery_id, attempted_at)`);
    for (const table of ['webhook_endpoints', 'webhook_secrets', 'webhook_deliveries', 'webhook_attempts']) {
      await db.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await db.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
      await db.query(`CREATE POLICY ${table}_tenant ON ${table} FOR ALL TO ravot_app
        USING (organisation_id = app_organisation_id()) WITH CHECK (organisation_id = app_organisation_id())`);
    }
    await db.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_endpoints, webhook_secrets, webhook_deliveries TO ravot_app`);
    await db.query(`GRANT SELECT ON webhook_attempts TO ravot_app`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['webhook_attempts', 'webhook_deliveries', 'webhook_secrets', 'webhook_endpoints'])
      await db.query(`DROP TABLE ${table}`);
  }
}
