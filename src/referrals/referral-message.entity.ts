import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { ReferralEntity } from './referral.entity.js';
import { Node } from '../graphql/node.js';

/** A message between the two organisations of a referral; the body is sealed with the subject's data key. */
@ObjectType('ReferralMessage', { implements: () => [Node] })
@Entity('referral_messages')
@Index('IDX_referral_messages_referral', ['referralId', 'createdAt'])
export class ReferralMessageEntity {
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

  @Field(() => ID)
  @Column({ name: 'author_organisation_id', type: 'uuid' })
  authorOrganisationId: string;

  @Column({ name: 'author_member_id', type: 'uuid' })
  authorMemberId: string;

  @Column({ type: 'bytea' })
  ciphertext: Buffer;

  @Field()
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
