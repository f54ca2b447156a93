import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { ReferralEntity } from '../referrals/referral.entity.js';
import { StatisticsKeyColumn } from '../database/statistics-key-column.js';
import { Node } from '../graphql/node.js';

/**
 * A follow-up after the person's return, due on a day of the receiver's
 * schedule. Its status is derived from the dates and the clock; only what
 * cannot be derived (closed as missed or cancelled) is stored.
 */
@ObjectType('FollowUp', { implements: () => [Node] })
@Entity('follow_ups')
@Index('IDX_follow_ups_worklist', ['receiverOrganisationId', 'dueOn', 'id'])
@Index('IDX_follow_ups_referral', ['referralId', 'dueOn'])
export class FollowUpEntity {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ name: 'referral_id', type: 'uuid' })
  referralId: string;

  @ManyToOne(() => ReferralEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'referral_id' })
  /** Read along where a page has it (see ReferralPages); never loaded by TypeORM here. */
  referral?: Relation<ReferralEntity>;

  @Column({ name: 'sender_organisation_id', type: 'uuid' })
  senderOrganisationId: string;

  @Column({ name: 'receiver_organisation_id', type: 'uuid' })
  receiverOrganisationId: string;

  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId: string;

  @Field(() => Int, { description: '1 for the first follow-up after arrival, and so on' })
  @Column({ type: 'int' })
  sequence: number;

  @Field({ description: 'YYYY-MM-DD' })
  @Column({ name: 'due_on', type: 'date' })
  dueOn: string;

  @Field({ description: 'The first follow-up carries the reintegration plan' })
  @Column({ name: 'carries_reintegration_plan', type: 'boolean', default: false })
  carriesReintegrationPlan: boolean;

  @Field()
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Column({ name: 'closed_as', type: 'varchar', length: 10, nullable: true })
  closedAs: 'MISSED' | 'CANCELLED' | null;

  @Field(() => Date, { nullable: true })
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  /** Why the referral was closed before this follow-up, sealed under the person's key. */
  @Column({ name: 'closure_reason_sealed', type: 'bytea', nullable: true })
  closureReasonSealed: Buffer | null;

  /** What its report adds to its statistics cell's key, the same for every version (see StatisticsKeyColumn). */
  @StatisticsKeyColumn()
  statisticsKey?: number;
}
