import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { ExploitationType } from '../common/exploitation-type.js';
import type { ConsentTerms } from '../personal-data/consent-terms.js';
import { ConsentEntity } from '../consents/consent.entity.js';
import { OrganisationEntity } from '../organisations/organisation.entity.js';
import { SubjectEntity } from '../subjects/subject.entity.js';
import { ReferralStatus } from './referral-lifecycle.js';
import { StatisticsKeyColumn } from '../database/statistics-key-column.js';
import { Node } from '../graphql/node.js';

/**
 * A return referral from a sending to a receiving organisation. The row names
 * both, and row-level security lets exactly those two see it (the receiver
 * only once it is submitted). What it says about the person is encrypted in
 * personal_records; the columns here are the non-identifying facts.
 */
@ObjectType('Referral', { implements: () => [Node] })
@Entity('referrals')
@Index('UQ_referrals_reference', ['reference'], { unique: true })
@Index('IDX_referrals_outbox', ['senderOrganisationId', 'updatedAt', 'id'])
@Index('IDX_referrals_inbox', ['receiverOrganisationId', 'updatedAt', 'id'])
@Index('IDX_referrals_subject', ['subjectId'])
@Index('IDX_referrals_consent', ['consentId'])
export class ReferralEntity {
  // The relations are never loaded by TypeORM here: a page or a detail reads them along (see ReferralPages), null where
  // the row is not there or not visible to the reader, undefined where they were not read.
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'The human reference, e.g. NL-2026-000123' })
  @Column({ type: 'varchar', length: 20 })
  reference: string;

  @Column({ name: 'sender_organisation_id', type: 'uuid' })
  senderOrganisationId: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'sender_organisation_id' })
  sender?: Relation<OrganisationEntity> | null;

  @Column({ name: 'receiver_organisation_id', type: 'uuid' })
  receiverOrganisationId: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'receiver_organisation_id' })
  receiver?: Relation<OrganisationEntity> | null;

  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId: string;

  @ManyToOne(() => SubjectEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'subject_id' })
  subject?: Relation<SubjectEntity> | null;

  @Column({ name: 'consent_id', type: 'uuid' })
  consentId: string;

  @ManyToOne(() => ConsentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'consent_id' })
  /** Its terms only where a page read them along. */
  consent?: Relation<ConsentTerms> | null;

  @Field(() => ReferralStatus)
  @Column({ type: 'varchar', length: 20 })
  status: ReferralStatus;

  @Field(() => Int, { description: 'Send it back as expectedVersion with every change' })
  @Column({ type: 'int', default: 1 })
  version: number;

  /** In clear for statistics; shown to the receiver only under CASE_HISTORY consent (from the encrypted case). */
  @Column({ name: 'exploitation_types', type: 'text', array: true, default: () => "'{}'" })
  exploitationTypes: ExploitationType[];

  @Column({ name: 'risk_level', type: 'varchar', length: 10, nullable: true })
  riskLevel: string | null;

  @Field({ description: 'ISO 3166-1 alpha-2' })
  @Column({ name: 'sender_country', type: 'varchar', length: 2 })
  senderCountry: string;

  @Field({ description: 'ISO 3166-1 alpha-2' })
  @Column({ name: 'receiver_country', type: 'varchar', length: 2 })
  receiverCountry: string;

  @Column({ name: 'age_band', type: 'varchar', length: 10, nullable: true })
  ageBand: string | null;

  /** The person's gender as at the referral, for statistics only (like the age band); no field shows it. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  gender: string | null;

  /** What this referral adds to its statistics cell's key (see StatisticsKeyColumn). */
  @StatisticsKeyColumn()
  statisticsKey?: number;

  @Column({ name: 'created_by_member_id', type: 'uuid' })
  createdByMemberId: string;

  @Field()
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field()
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Field(() => Date, { nullable: true })
  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'The day the person arrived (YYYY-MM-DD)' })
  @Column({ name: 'arrived_on', type: 'date', nullable: true })
  arrivedOn: string | null;

  /** Why the receiver declined, the sender cancelled or closed early: sealed under the person's key (see PersonalDataVault). */
  @Column({ name: 'status_reason_sealed', type: 'bytea', nullable: true })
  statusReasonSealed: Buffer | null;
}
