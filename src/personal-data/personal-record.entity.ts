import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * One encrypted piece of a person's data: of the subject itself (referral_id
 * null: IDENTITY, CONTACT, HEALTH) or of one referral about them (NEEDS,
 * CASE_HISTORY, RETURN_PLAN, RISK_ASSESSMENT). All are sealed with the
 * subject's data key, so erasure reaches every one of them.
 */
@Entity('personal_records')
@Index('UQ_personal_records_subject_kind', ['subjectId', 'kind'], { unique: true, where: 'referral_id IS NULL' })
@Index('UQ_personal_records_referral_kind', ['referralId', 'kind'], { unique: true, where: 'referral_id IS NOT NULL' })
export class PersonalRecordEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId: string;

  // The foreign key only, named rather than imported: subjects/ builds on this folder, not the other way.
  @ManyToOne('SubjectEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'subject_id' })
  subject?: never;

  @Column({ name: 'referral_id', type: 'uuid', nullable: true })
  referralId: string | null;

  @Column({ type: 'varchar', length: 30 })
  kind: string;

  @Column({ type: 'bytea' })
  ciphertext: Buffer;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
