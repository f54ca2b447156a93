import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A client-chosen key per organisation, so a retried create or submit acts once. */
@Entity('idempotency_keys')
export class IdempotencyKeyEntity {
  @PrimaryColumn({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @PrimaryColumn({ type: 'varchar', length: 100 })
  key: string;

  @Column({ type: 'varchar', length: 40 })
  operation: string;

  @Column({ name: 'referral_id', type: 'uuid' })
  referralId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
