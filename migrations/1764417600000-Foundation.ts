import { MigrationInterface, QueryRunner } from 'typeorm';

/** Every audit event with the problem of its link, if any (exported for the migration that lists every broken link). */
export const AUDIT_CHAIN_CHECKED = `
      WITH chain AS (
        SELECT e.*, lag(e.hash) OVER w AS expected_previous, lag(e.sequence) OVER w AS previous_sequence
        FROM audit_events e WINDOW w AS (PARTITION BY e.organisation_id ORDER BY e.sequence)
      ), checked AS (
        SELECT c.organisation_id, c.sequence, c.id, c.occurred_at, CASE
          WHEN c.sequence <> coalesce(c.previous_sequence, 0) + 1 THEN 'MISSING_EVENT'
          WHEN c.previous_hash <> coalesce(c.expected_previous, repeat('0', 64)) THEN 'PREVIOUS_HASH_MISMATCH'
          WHEN c.hash <> audit_event_hash(c.previous_hash, c.organisation_id, c.sequence, c.actor_member_id, c.action, c.entity,
                                          c.entity_id, c.referral_id, c.occurred_at) THEN 'HASH_MISMATCH'
        END AS problem
        FROM chain c
      )`;

/** The number of events, and the first broken link of any chain (exported, for the migration that replaced it, to restore it). */
export const VERIFY_AUDIT_CHAIN = `CREATE FUNCTION verify_audit_chain()
      RETURNS TABLE (events_checked bigint, organisation_id uuid, sequence bigint, event_id uuid, problem text)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      ${AUDIT_CHAIN_CHECKED}
      SELECT (SELECT count(*) FROM audit_events), b.organisation_id, b.sequence, b.id, b.problem
      FROM (SELECT 1) one LEFT JOIN LATERAL (
        SELECT * FROM checked WHERE checked.problem IS NOT NULL ORDER BY checked.occurred_at, checked.organisation_id, checked.sequence LIMIT 1
      ) b ON true $$`;

/**
 * Tenants, members, API tokens and the audit log, with row-level security
 * forced on every tenant table. Request transactions run as the NOLOGIN role
 * ravot_app (see TenantDatabase); the migrating user owns the tables and the
 * few SECURITY DEFINER functions that must see across tenants.
 */
export class Foundation1764417600000 implements MigrationInterface {
  name = 'Foundation1764417600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ravot_app') THEN CREATE ROLE ravot_app NOLOGIN; END IF;
      IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN EXECUTE format('GRANT ravot_app TO %I', current_user); END IF;
    END $$`);
    await db.query(`GRANT USAGE ON SCHEMA public TO ravot_app`);

    await db.query(
      `CREATE TABLE "organisations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(200) NOT NULL, "country" character varying(2) NOT NULL, "kind" character varying(40) NOT NULL, "languages" text array NOT NULL DEFAULT '{}', "services" text array NOT NULL DEFAULT '{}', "active" boolean NOT NULL DEFAULT true, "suspended_at" TIMESTAMP WITH TIME ZONE, "suspension_reason" character varying(500), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7bf54cba378d5b2f1d4c10ef4df" PRIMARY KEY ("id"))`,
    );
    await db.query(`CREATE UNIQUE INDEX "UQ_organisations_name" ON "organisations" ("name")`);
    await db.query(
      `CREATE TABLE "members" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "display_name" character varying(200) NOT NULL, "email" character varying(320) NOT NULL, "roles" text array NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "removed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_members_organisation_member" UNIQUE ("organisation_id", "id"), CONSTRAINT "PK_28b53062261b996d9c99fa12404" PRIMARY KEY ("id"))`,
    );
    await db.query(`CREATE UNIQUE INDEX "UQ_members_active_email" ON "members" ("organisation_id", "email") WHERE removed_at IS NULL`);
    await db.query(
      `CREATE TABLE "api_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "member_id" uuid NOT NULL, "name" character varying(100) NOT NULL, "prefix" character varying(20) NOT NULL, "token_hash" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_c587455266b5fa8dace7194caac" PRIMARY KEY ("id"))`,
    );
    await db.query(`CREATE INDEX "IDX_api_tokens_member" ON "api_tokens" ("organisation_id", "member_id")`);
    await db.query(`CREATE UNIQUE INDEX "UQ_api_tokens_hash" ON "api_tokens" ("token_hash")`);
    await db.query(`CREATE UNIQUE INDEX "UQ_api_tokens_prefix" ON "api_tokens" ("prefix")`);
    await db.query(
      `CREATE TABLE "audit_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "sequence" bigint NOT NULL, "actor_member_id" uuid, "action" character varying(100) NOT NULL, "entity" character varying(60) NOT NULL, "entity_id" uuid, "referral_id" uuid, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "previous_hash" character varying(64) NOT NULL, "hash" character varying(64) NOT NULL, CONSTRAINT "PK_910f64d901a5c3e9878f0d4a407" PRIMARY KEY ("id"))`,
    );
    await db.query(`CREATE UNIQUE INDEX "UQ_audit_events_chain" ON "audit_events" ("organisation_id", "sequence")`);
    await db.query(
      `ALTER TABLE "members" ADD CONSTRAINT "FK_ea8e953157d3927bf956cf40a60" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "api_tokens" ADD CONSTRAINT "FK_e6e874ade7d6d934084de3da53b" FOREIGN KEY ("member_id", "organisation_id") REFERENCES "members"("id","organisation_id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );

    // The acting organisation and member, as set by TenantDatabase for one transaction.
    await db.query(`CREATE FUNCTION app_organisation_id() RETURNS uuid LANGUAGE sql STABLE
      AS $$ SELECT nullif(current_setting('app.organisation_id', true), '')::uuid $$`);
    await db.query(`CREATE FUNCTION app_member_id() RETURNS uuid LANGUAGE sql STABLE
      AS $$ SELECT nullif(current_setting('app.member_id', true), '')::uuid $$`);
    // Checked against the member row itself (visible under the members policy), not taken on the application's word.
    await db.query(`CREATE FUNCTION app_is_network_admin() RETURNS boolean LANGUAGE sql STABLE
      AS $$ SELECT EXISTS (SELECT 1 FROM members m WHERE m.id = app_member_id() AND m.organisation_id = app_organisation_id()
                           AND m.removed_at IS NULL AND 'NETWORK_ADMIN' = ANY (m.roles)) $$`);

    for (const table of ['organisations', 'members', 'api_tokens', 'audit_events']) {
      await db.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
      await db.query(`ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY`);
    }
    // The directory is network-wide; only a network admin creates organisations; an organisation updates itself.
    await db.query(`CREATE POLICY organisations_directory ON organisations FOR SELECT TO ravot_app USING (true)`);
    await db.query(`CREATE POLICY organisations_create ON organisations FOR INSERT TO ravot_app WITH CHECK (app_is_network_admin())`);
    await db.query(`CREATE POLICY organisations_update ON organisations FOR UPDATE TO ravot_app
      USING (id = app_organisation_id() OR app_is_network_admin()) WITH CHECK (id = app_organisation_id() OR app_is_network_admin())`);
    for (const table of ['members', 'api_tokens']) {
      await db.query(`CREATE POLICY ${table}_tenant ON ${table} FOR ALL TO ravot_app
        USING (organisation_id = app_organisation_id()) WITH CHECK (organisation_id = app_organisation_id())`);
    }
    await db.query(
      `CREATE POLICY audit_events_tenant ON audit_events FOR SELECT TO ravot_app USING (organisation_id = app_organisation_id())`,
    );
    await db.query(`GRANT SELECT, INSERT, UPDATE ON organisations, members, api_tokens TO ravot_app`);
    await db.query(`GRANT SELECT ON audit_events TO ravot_app`);

    // The audit log: append-only, each organisation's events chained by SHA-256.
    await db.query(`CREATE FUNCTION audit_event_hash(previous_hash text, organisation_id uuid, seq bigint, actor uuid, action text,
        entity text, entity_id uuid, referral_id uuid, occurred_at timestamptz) RETURNS text LANGUAGE sql IMMUTABLE
      AS $$ SELECT encode(sha256(convert_to(concat_ws('|', previous_hash, organisation_id, seq, coalesce(actor::text, '-'), action, entity,
        coalesce(entity_id::text, '-'), coalesce(referral_id::text, '-'), (extract(epoch FROM occurred_at) * 1000000)::bigint), 'UTF8')), 'hex') $$`);
    await db.query(`CREATE FUNCTION record_audit_event(p_action text, p_entity text, p_entity_id uuid, p_referral_id uuid) RETURNS void
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        v_org uuid := app_organisation_id();
        v_actor uuid := app_member_id();
        v_at timestamptz := clock_timestamp();
        v_seq bigint;
        v_previous text;
      BEGIN
        IF v_org IS NULL THEN RAISE EXCEPTION 'an audit event needs an acting organisation'; END IF;
        -- One writer at a time per organisation chain, until the transaction ends.
        PERFORM pg_advisory_xact_lock(hashtextextended('ravot.audit.' || v_org::text, 0));
        SELECT e.sequence, e.hash INTO v_seq, v_previous FROM audit_events e WHERE e.organisation_id = v_org ORDER BY e.sequence DESC LIMIT 1;
        v_seq := coalesce(v_seq, 0) + 1;
        v_previous := coalesce(v_previous, repeat('0', 64));
        INSERT INTO audit_events (organisation_id, sequence, actor_member_id, action, entity, entity_id, referral_id, occurred_at, previous_hash, hash)
        VALUES (v_org, v_seq, v_actor, p_action, p_entity, p_entity_id, p_referral_id, v_at, v_previous,
                audit_event_hash(v_previous, v_org, v_seq, v_actor, p_action, p_entity, p_entity_id, p_referral_id, v_at));
      END $$`);
    await db.query(VERIFY_AUDIT_CHAIN);
    await db.query(`CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'insufficient_privilege'; END $$`);
    await db.query(
      `CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`,
    );
    await db.query(
      `CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()`,
    );

    // Authentication must find a token before any organisation is known: one narrow function does it.
    await db.query(`CREATE FUNCTION authenticate_api_token(p_token_hash text)
      RETURNS TABLE (member_id uuid, organisation_id uuid, roles text[], token_id uuid)
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        RETURN QUERY SELECT m.id, m.organisation_id, m.roles, t.id
          FROM api_tokens t
          JOIN members m ON m.id = t.member_id AND m.organisation_id = t.organisation_id
          JOIN organisations o ON o.id = m.organisation_id
          WHERE t.token_hash = p_token_hash AND t.revoked_at IS NULL AND t.expires_at > now()
            AND m.removed_at IS NULL AND o.active;
        -- Recorded at most once a minute, so that reads do not all become writes.
        UPDATE api_tokens t SET last_used_at = now()
          WHERE t.token_hash = p_token_hash AND (t.last_used_at IS NULL OR t.last_used_at < now() - interval '1 minute');
      END $$`);
    for (const fn of ['record_audit_event(text, text, uuid, uuid)', 'verify_audit_chain()', 'authenticate_api_token(text)']) {
      await db.query(`REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC`);
    }
    await db.query(`GRANT EXECUTE ON FUNCTION record_audit_event(text, text, uuid, uuid) TO ravot_app`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION authenticate_api_token(text)`);
    await db.query(`DROP TABLE "audit_events"`);
    await db.query(`DROP FUNCTION audit_events_append_only()`);
    await db.query(`DROP FUNCTION verify_audit_chain()`);
    await db.query(`DROP FUNCTION record_audit_event(text, text, uuid, uuid)`);
    await db.query(`DROP FUNCTION audit_event_hash(text, uuid, bigint, uuid, text, text, uuid, uuid, timestamptz)`);
    await db.query(`DROP TABLE "api_tokens"`);
    await db.query(`DROP TABLE "members"`);
    await db.query(`DROP TABLE "organisations"`);
    await db.query(`DROP FUNCTION app_is_network_admin()`);
    await db.query(`DROP FUNCTION app_member_id()`);
    await db.query(`DROP FUNCTION app_organisation_id()`);
    await db.query(`REVOKE USAGE ON SCHEMA public FROM ravot_app`);
    // The role is cluster-wide: another database of the same server may still use it.
    await db.query(
      `DO $$ BEGIN DROP ROLE ravot_app; EXCEPTION WHEN dependent_objects_still_exist OR insufficient_privilege THEN NULL; END $$`,
    );
  }
}
