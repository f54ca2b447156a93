import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Token hygiene (issue 20): every token records the member and the token that issued it, and revoking a token
 * revokes every token issued with it, in any organisation and at any remove (a stolen token cannot leave a
 * descendant behind). Each organisation sets how long its tokens may last at most.
 */
export class TokenLineage1765500000000 implements MigrationInterface {
  name = 'TokenLineage1765500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE api_tokens ADD COLUMN issued_by_member_id uuid,
      ADD COLUMN issued_by_token_id uuid CONSTRAINT "FK_api_tokens_issued_by_token" REFERENCES api_tokens (id) ON DELETE RESTRICT`);
    await db.query(`CREATE INDEX "IDX_api_tokens_issued_by_token" ON api_tokens (issued_by_token_id)`);
    await db.query(`ALTER TABLE organisations ADD COLUMN max_token_days int NOT NULL DEFAULT 90
      CONSTRAINT "CHK_organisations_max_token_days" CHECK (max_token_days BETWEEN 1 AND 365)`);
    // Row by row, so that each revocation reaches the next generation: a token issued with a token issued with it.
    // SECURITY DEFINER: an organisation's first admin token was issued with a network admin's token, across tenants.
    await db.query(`CREATE FUNCTION api_tokens_revoke_issued() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
      SET search_path = public, pg_temp AS $fn$
      BEGIN
        UPDATE api_tokens SET revoked_at = NEW.revoked_at WHERE issued_by_token_id = NEW.id AND revoked_at IS NULL;
        RETURN NULL;
      END $fn$`);
    await db.query(`REVOKE ALL ON FUNCTION api_tokens_revoke_issued() FROM PUBLIC`);
    await db.query(`CREATE TRIGGER api_tokens_revoke_issued AFTER UPDATE OF revoked_at ON api_tokens FOR EACH ROW
      WHEN (OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL) EXECUTE FUNCTION api_tokens_revoke_issued()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER api_tokens_revoke_issued ON api_tokens`);
    await db.query(`DROP FUNCTION api_tokens_revoke_issued()`);
    await db.query(`ALTER TABLE organisations DROP COLUMN max_token_days`);
    await db.query(`DROP INDEX "IDX_api_tokens_issued_by_token"`);
    await db.query(`ALTER TABLE api_tokens DROP COLUMN issued_by_token_id, DROP COLUMN issued_by_member_id`);
  }
}
