import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { SubjectEntity } from '../subjects/subject.entity.js';
import { ConsentPurpose, DataCategory } from '../personal-data/consent-terms.js';
import { Node } from '../graphql/node.js';

/** A person's consent to share categories of their data with named organisations, for named purposes. */
@ObjectType('Consent', { implements: () => [Node] })
@Entity('consents')
@Index('IDX_consents_subject', ['subjectId'])
export class ConsentEntity {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @Field(() => ID)
  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId: string;

  @ManyToOne(() => SubjectEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'subject_id' })
  subject?: Relation<SubjectEntity>;

  @Field(() => [ID])
  @Column({ name: 'recipient_organisation_ids', type: 'uuid', array: true })
  recipientOrganisationIds: string[];

  @Field(() => [ConsentPurpose])
  @Column({ type: 'text', array: true })
  purposes: ConsentPurpose[];

  @Field(() => [DataCategory])
  @Column({ type: 'text', array: true })
  categories: DataCategory[];

  @Field()
  @Column({ name: 'given_at', type: 'timestamptz' })
  givenAt: Date;

  @Field(() => Date, { nullable: true })
  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  @Field({ description: 'ISO 639-1 code of the language the consent conversation was held in' })
  @Column({ type: 'varchar', length: 2 })
  language: string;

  @Field()
  @Column({ name: 'interpreter_present', type: 'boolean' })
  interpreterPresent: boolean;

  /** Where the signed form is kept: sealed under the person's key, for the owner only. */
  @Column({ name: 'form_reference_sealed', type: 'bytea', nullable: true })
  formReferenceSealed: Buffer | null;

  @Column({ name: 'recorded_by_member_id', type: 'uuid' })
  recordedByMemberId: string;

  @Field()
  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;

  @Field(() => Date, { nullable: true })
  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true })
  withdrawnAt: Date | null;

  @Column({ name: 'withdrawn_by_member_id', type: 'uuid', nullable: true })
  withdrawnByMemberId: string | null;

  /** Sealed under the person's key, as is the form reference. */
  @Column({ name: 'withdrawal_reason_sealed', type: 'bytea', nullable: true })
  withdrawalReasonSealed: Buffer | null;
}
