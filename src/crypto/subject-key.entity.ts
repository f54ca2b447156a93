import { Column, CreateDateColumn, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';

/** A subject's data key, wrapped by the master key. Deleting this row erases the person everywhere at once. */
@Entity('subject_keys')
export class SubjectKeyEntity {
  @PrimaryColumn({ name: 'subject_id', type: 'uuid' })
  subjectId: string;

  // The foreign key only, named rather than imported: subjects/ builds on this folder, not the other way.
  @OneToOne('SubjectEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'subject_id' })
  subject?: never;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @Column({ name: 'master_key_fingerprint', type: 'varchar', length: 16 })
  masterKeyFingerprint: string;

  @Column({ name: 'wrapped_key', type: 'bytea' })
  wrappedKey: Buffer;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
