import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The console's sign-in sessions. A session stands for the API token it was opened with (its hash, never the token)
 * and lives only while that token does: revoking the token, removing the member or suspending the organisation ends
 * every session opened with it on its next request. Sessions are found before any organisation is known, so narrow
 * SECURITY DEFINER functions open, check and end them; for ravot_app the table is a tenant table like any other.
 */
export class ConsoleSessions1766200000000 implements MigrationInterface {
  name = 'ConsoleSessions1766200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE console_sessions (
      session_hash text NOT NULL,
      token_id uuid NOT NULL CONSTRAINT "FK_console_sessions_token" REFERENCES api_tokens (id) ON DELETE CASCADE,
      organisation_id uuid NOT NULL CONSTRAINT "FK_console_sessions_organisation" REFERENCES organisations (id) ON DELETE CASCADE,
      started_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "PK_console_sessions" PRIMARY KEY (session_hash))`);
    await db.query(`CREATE INDEX "IDX_console_sessions_token" ON console_sessions (token_id)`);
    await db.query(`CREATE INDEX "IDX_console_sessions_last_seen" ON console_sessions (last_seen_at)`);
    await db.query(`ALTER TABLE console_sessions ENABLE ROW LEVEL SECURITY`);
    await db.query(`ALTER TABLE console_sessions FORCE ROW LEVEL SECURITY`);
    await db.query(`CREATE POLICY console_sessions_tenant ON console_sessions FOR ALL TO ravot_app
      USING (organisation_id = app_organisation_id()) WITH CHECK (organisation_id = app_organisation_id())`);
    await db.query(`GRANT SELECT, DELETE ON console_sessions TO ravot_app`);

    // Opens a session for a token that authenticates now; sessions idle for longer than any allowed timeout go.
    await db.query(`CREATE FUNCTION start_console_session(p_session_hash text, p_token_hash text)
      RETURNS TABLE (member_id uuid, organisation_id uuid, roles text[], token_id uuid)
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE r record;
      BEGIN
        DELETE FROM console_sessions s WHERE s.last_seen_at < now() - interval '12 hours';
        SELECT * INTO r FROM authenticate_api_token(p_token_hash) LIMIT 1;
        IF NOT FOUND THEN RETURN; END IF;
        INSERT INTO console_sessions (session_hash, token_id, organisation_id) VALUES (p_session_hash, r.token_id, r.organisation_id);
        RETURN QUERY SELECT r.member_id, r.organisation_id, r.roles, r.token_id;
      END $$`);
    // The actor of a session still within its idle time whose token still authenticates. The request keeps the session
    // alive, written at most every 30 seconds so that reads do not all become writes.
    await db.query(`CREATE FUNCTION authenticate_console_session(p_session_hash text, p_idle_seconds int)
      RETURNS TABLE (member_id uuid, organisation_id uuid, roles text[], token_id uuid)
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE v_token_id uuid;
      BEGIN
        SELECT s.token_id INTO v_token_id FROM console_sessions s
          WHERE s.session_hash = p_session_hash AND s.last_seen_at > now() - make_interval(secs => p_idle_seconds);
        IF v_token_id IS NULL THEN
          DELETE FROM console_sessions s WHERE s.session_hash = p_session_hash;
          RETURN;
        END IF;
        UPDATE console_sessions s SET last_seen_at = now()
          WHERE s.session_hash = p_session_hash AND s.last_seen_at < now() - interval '30 seconds';
        RETURN QUERY SELECT a.* FROM api_tokens t, authenticate_api_token(t.token_hash) a WHERE t.id = v_token_id;
      END $$`);
    await db.query(`CREATE FUNCTION end_console_session(p_session_hash text) RETURNS void
      LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
        DELETE FROM console_sessions WHERE session_hash = p_session_hash $$`);
    for (const fn of ['start_console_session(text, text)', 'authenticate_console_session(text, int)', 'end_console_session(text)']) {
      await db.query(`REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION end_console_session(text)`);
    await db.query(`DROP FUNCTION authenticate_console_session(text, int)`);
    await db.query(`DROP FUNCTION start_console_session(text, text)`);
    await db.query(`DROP TABLE console_sessions`);
  }
}
