import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One-time console sign-in links, issued by an organisation's admin for one of its members. Only a hash of the secret
 * is kept. Redeeming one is a single statement (a SECURITY DEFINER function, since the organisation is not known
 * before the link is found): the link is used up, a token for the member is made (its secret is never shown to
 * anyone; the session stands for it, as a session opened with a token does), the console session opened, and both
 * audited. The row lock of the UPDATE makes two concurrent redemptions wait for each other: exactly one wins.
 */
export class SignInLinks1766600000000 implements MigrationInterface {
  name = 'SignInLinks1766600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE sign_in_links (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL,
      member_id uuid NOT NULL,
      link_hash character varying(64) NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      redeemed_at timestamptz,
      revoked_at timestamptz,
      issued_by_member_id uuid NOT NULL,
      issued_by_token_id uuid CONSTRAINT "FK_sign_in_links_issued_by_token" REFERENCES api_tokens (id) ON DELETE RESTRICT,
      token_id uuid CONSTRAINT "FK_sign_in_links_token" REFERENCES api_tokens (id) ON DELETE RESTRICT,
      CONSTRAINT "PK_sign_in_links" PRIMARY KEY (id),
      CONSTRAINT "UQ_sign_in_links_hash" UNIQUE (link_hash),
      CONSTRAINT "FK_sign_in_links_member" FOREIGN KEY (member_id, organisation_id) REFERENCES members (id, organisation_id) ON DELETE RESTRICT)`);
    await db.query(`CREATE INDEX "IDX_sign_in_links_member" ON sign_in_links (organisation_id, member_id)`);
    await db.query(`ALTER TABLE sign_in_links ENABLE ROW LEVEL SECURITY`);
    await db.query(`ALTER TABLE sign_in_links FORCE ROW LEVEL SECURITY`);
    await db.query(`CREATE POLICY sign_in_links_tenant ON sign_in_links FOR ALL TO ravot_app
      USING (organisation_id = app_organisation_id()) WITH CHECK (organisation_id = app_organisation_id())`);
    await db.query(`GRANT SELECT, INSERT, UPDATE ON sign_in_links TO ravot_app`);

    // A link works once, before its expiry, while its member and organisation are active and the token it was issued
    // with is not revoked (a stolen admin token leaves no working link behind, as it leaves no token: TokenLineage).
    await db.query(`CREATE FUNCTION redeem_sign_in_link(p_link_hash text, p_session_hash text, p_token_hash text,
        p_token_prefix text, p_token_expires_at timestamptz)
      RETURNS TABLE (member_id uuid, organisation_id uuid, roles text[], token_id uuid)
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        l sign_in_links%ROWTYPE;
        v_token_id uuid;
      BEGIN
        UPDATE sign_in_links s SET redeemed_at = now()
          FROM members m, organisations o
          WHERE s.link_hash = p_link_hash AND s.redeemed_at IS NULL AND s.revoked_at IS NULL AND s.expires_at > now()
            AND m.id = s.member_id AND m.organisation_id = s.organisation_id AND m.removed_at IS NULL
            AND o.id = s.organisation_id AND o.active
            AND NOT EXISTS (SELECT 1 FROM api_tokens t WHERE t.id = s.issued_by_token_id AND t.revoked_at IS NOT NULL)
          RETURNING s.* INTO l;
        IF NOT FOUND THEN RETURN; END IF;
        INSERT INTO api_tokens (organisation_id, member_id, name, prefix, token_hash, expires_at, issued_by_member_id, issued_by_token_id)
          VALUES (l.organisation_id, l.member_id, 'console sign-in link', p_token_prefix, p_token_hash, p_token_expires_at,
                  l.issued_by_member_id, l.issued_by_token_id)
          RETURNING id INTO v_token_id;
        UPDATE sign_in_links s SET token_id = v_token_id WHERE s.id = l.id;
        INSERT INTO console_sessions (session_hash, token_id, organisation_id) VALUES (p_session_hash, v_token_id, l.organisation_id);
        -- The audit chain takes its actor and organisation from the transaction's settings, as for any request.
        PERFORM set_config('app.organisation_id', l.organisation_id::text, true), set_config('app.member_id', l.member_id::text, true);
        PERFORM record_audit_event('sign_in_link.redeem', 'sign_in_link', l.id, NULL);
        PERFORM record_audit_event('token.issue', 'api_token', v_token_id, NULL);
        RETURN QUERY SELECT a.* FROM authenticate_api_token(p_token_hash) a;
      END $$`);
    await db.query(`REVOKE ALL ON FUNCTION redeem_sign_in_link(text, text, text, text, timestamptz) FROM PUBLIC`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION redeem_sign_in_link(text, text, text, text, timestamptz)`);
    await db.query(`DROP TABLE sign_in_links`);
  }
}
