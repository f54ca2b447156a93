import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which master keys this database's data keys are wrapped by, so that a service started with another key stops at
 * once instead of failing every read and sealing new people under the wrong key. One row; the application role
 * has no privilege on it (the check runs as the owner, at start and at the end of a rotation).
 */
export class MasterKeyCheck1764900000000 implements MigrationInterface {
  name = 'MasterKeyCheck1764900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE master_key_check (
      singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
      fingerprints text[] NOT NULL CHECK (cardinality(fingerprints) > 0),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await db.query('REVOKE ALL ON master_key_check FROM PUBLIC');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE master_key_check');
  }
}
