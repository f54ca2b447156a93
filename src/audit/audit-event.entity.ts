import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Node } from '../graphql/node.js';

/**
 * One audited act. Written only through the database function
 * record_audit_event, which chains it to the organisation's previous event.
 * No personal value is ever stored here: only what was touched, by whom, when.
 */
@ObjectType('AuditEvent', { implements: () => [Node] })
@Entity('audit_events')
@Index('UQ_audit_events_chain', ['organisationId', 'sequence'], { unique: true })
export class AuditEventEntity {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID, { description: 'The acting organisation, whose chain holds the event' })
  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @Field(() => String, { description: 'Position in the organisation chain, from 1' })
  @Column({ type: 'bigint' })
  sequence: string;

  @Field(() => ID, { nullable: true })
  @Column({ name: 'actor_member_id', type: 'uuid', nullable: true })
  actorMemberId: string | null;

  @Field()
  @Column({ type: 'varchar', length: 100 })
  action: string;

  @Field()
  @Column({ type: 'varchar', length: 60 })
  entity: string;

  @Field(() => ID, { nullable: true })
  @Column({ name: 'entity_id', type: 'uuid', nullable: true })
  entityId: string | null;

  @Field(() => ID, { nullable: true })
  @Column({ name: 'referral_id', type: 'uuid', nullable: true })
  referralId: string | null;

  @Field()
  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ name: 'previous_hash', type: 'varchar', length: 64 })
  previousHash: string;

  @Field()
  @Column({ type: 'varchar', length: 64 })
  hash: string;
}
