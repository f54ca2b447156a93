import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A network administrator's verifyAuditChain runs in the request's own transaction, as every read of a request does,
 * instead of on a second connection (the embedded database has one). The function stays SECURITY DEFINER: the
 * application role may call it, not read the chains itself; the API lets only a NETWORK_ADMIN ask.
 */
export class VerifyAuditChainInRequest1765100000000 implements MigrationInterface {
  name = 'VerifyAuditChainInRequest1765100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`GRANT EXECUTE ON FUNCTION verify_audit_chain() TO ravot_app`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`REVOKE EXECUTE ON FUNCTION verify_audit_chain() FROM ravot_app`);
  }
}
