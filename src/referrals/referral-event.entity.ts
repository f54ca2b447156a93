import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { ReferralStatus } from './referral-lifecycle.js';
import { ReferralEntity } from './referral.entity.js';
import { Node } from '../graphql/node.js';

/** One step in a referral's history, seen by both organisations. */
@ObjectType('ReferralEvent', { implements: () => [Node] })
@Entity('referral_events')
@Index('IDX_referral_events_referral', ['referralId', 'occurredAt'])
export class ReferralEventEntity {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'referral_id', type: 'uuid' })
  referralId: string;

  @ManyToOne(() => ReferralEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'referral_id' })
  referral?: Relation<ReferralEntity>;

  @Column({ name: 'sender_organisation_id', type: 'uuid' })
  senderOrganisationId: string;

  @Column({ name: 'receiver_organisation_id', type: 'uuid' })
  receiverOrganisationId: string;

  @Field({
    description: 'CREATED, UPDATED, SUBMITTED, ACCEPTED, DECLINED, RETURNED, IN_REINTEGRATION, CLOSED, CANCELLED, CONSENT_WITHDRAWN',
  })
  @Column({ type: 'varchar', length: 40 })
  type: string;

  @Field(() => ReferralStatus, { nullable: true })
  @Column({ name: 'from_status', type: 'varchar', length: 20, nullable: true })
  fromStatus: ReferralStatus | null;

  @Field(() => ReferralStatus, { nullable: true })
  @Column({ name: 'to_status', type: 'varchar', length: 20, nullable: true })
  toStatus: ReferralStatus | null;

  @Field(() => ID, { nullable: true })
  @Column({ name: 'actor_organisation_id', type: 'uuid', nullable: true })
  actorOrganisationId: string | null;

  @Column({ name: 'actor_member_id', type: 'uuid', nullable: true })
  actorMemberId: string | null;

  @Field(() => String, { nullable: true, description: 'What the service says of the step (never what a person wrote: see reason)' })
  @Column({ type: 'varchar', length: 1000, nullable: true })
  note: string | null;

  /** The reason a person gave for the step, sealed under the data key of the person the referral is about. */
  @Column({ name: 'reason_sealed', type: 'bytea', nullable: true })
  reasonSealed: Buffer | null;

  @Field()
  @Column({ name: 'occurred_at', type: 'timestamptz', default: () => 'now()' })
  occurredAt: Date;
}
