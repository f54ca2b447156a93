import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { OrganisationEntity } from '../organisations/organisation.entity.js';
import { MeetingStatus } from './meeting-status.js';
import { Node } from '../graphql/node.js';

/**
 * An expert meeting of the network, hosted in turn by partner organisations.
 * Meetings are network-wide: every member reads them; only the host writes.
 */
@ObjectType('ExpertMeeting', { implements: () => [Node] })
@Entity('expert_meetings')
@Index('IDX_expert_meetings_dates', ['startsOn', 'id'])
export class ExpertMeetingEntity {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The host organisation. */
  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id' })
  host?: Relation<OrganisationEntity>;

  @Field()
  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Field({ description: 'ISO 3166-1 alpha-2 code of the country the meeting takes place in' })
  @Column({ type: 'varchar', length: 2 })
  country: string;

  @Field()
  @Column({ type: 'varchar', length: 120 })
  city: string;

  @Field({ description: 'First day, YYYY-MM-DD' })
  @Column({ name: 'starts_on', type: 'date' })
  startsOn: string;

  @Field({ description: 'Last day, YYYY-MM-DD' })
  @Column({ name: 'ends_on', type: 'date' })
  endsOn: string;

  @Field(() => [String], { description: 'The agenda items, in order' })
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  agenda: string[];

  @Field(() => [String], { description: 'The challenges the meeting discussed' })
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  challenges: string[];

  @Field(() => MeetingStatus)
  @Column({ type: 'varchar', length: 20 })
  status: MeetingStatus;

  @Field()
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
