import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { FollowUpEntity } from './follow-up.entity.js';

/**
 * One version of a follow-up report. Scores, safety and services are coarse
 * facts kept in clear for statistics; the narrative, the person's own view,
 * next steps and the reintegration plan are sealed with the person's data key.
 * A correction adds a version and marks the earlier one superseded.
 */
@Entity('follow_up_reports')
@Index('UQ_follow_up_reports_version', ['followUpId', 'version'], { unique: true })
@Index('IDX_follow_up_reports_referral', ['referralId', 'submittedAt'])
export class FollowUpReportEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'follow_up_id', type: 'uuid' })
  followUpId: string;

  @ManyToOne(() => FollowUpEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'follow_up_id' })
  followUp?: Relation<FollowUpEntity>;

  @Column({ name: 'referral_id', type: 'uuid' })
  referralId: string;

  @Column({ name: 'sender_organisation_id', type: 'uuid' })
  senderOrganisationId: string;

  @Column({ name: 'receiver_organisation_id', type: 'uuid' })
  receiverOrganisationId: string;

  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId: string;

  @Column({ type: 'int' })
  version: number;

  @Column({ name: 'economic_score', type: 'smallint' })
  economicScore: number;

  @Column({ name: 'social_score', type: 'smallint' })
  socialScore: number;

  @Column({ name: 'psychosocial_score', type: 'smallint' })
  psychosocialScore: number;

  @Column({ name: 'safety_level', type: 'varchar', length: 10 })
  safetyLevel: string;

  @Column({ name: 'risk_indicators', type: 'text', array: true, default: () => "'{}'" })
  riskIndicators: string[];

  @Column({ name: 'services_delivered', type: 'jsonb', default: () => "'[]'" })
  servicesDelivered: { serviceType: string; deliveredOn: string }[];

  @Column({ type: 'bytea' })
  ciphertext: Buffer;

  @Column({ name: 'submitted_by_member_id', type: 'uuid' })
  submittedByMemberId: string;

  @Column({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt: Date;

  @Column({ name: 'superseded_at', type: 'timestamptz', nullable: true })
  supersededAt: Date | null;
}
