import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A client-chosen key per organisation, remembered with the record its first use created (a referral, a person, a
 * consent, ...) and a fingerprint of the input it came with, so a retried create acts once and a key reused for
 * other input is caught.
 */
@Entity('idempotency_keys')
export class IdempotencyKeyEntity {
  @PrimaryColumn({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @PrimaryColumn({ type: 'varchar', length: 100 })
  key: string;

  @Column({ type: 'varchar', length: 40 })
  operation: string;

  @Column({ name: 'record_id', type: 'uuid' })
  recordId: string;

  /** HMAC-SHA-256 of the input without its key (see Idempotency); null for keys remembered before fingerprints were kept. */
  @Column({ name: 'input_fingerprint', type: 'varchar', length: 64, nullable: true })
  inputFingerprint: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
