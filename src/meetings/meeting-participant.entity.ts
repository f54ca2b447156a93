import { Field, ObjectType } from '@nestjs/graphql';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { OrganisationEntity } from '../organisations/organisation.entity.js';
import { ExpertMeetingEntity } from './expert-meeting.entity.js';
import { ParticipationStatus } from './meeting-status.js';

/** An organisation the host invited to a meeting, and whether it confirmed. */
@ObjectType('MeetingParticipant')
@Entity('expert_meeting_participants')
export class MeetingParticipantEntity {
  @PrimaryColumn({ name: 'meeting_id', type: 'uuid', primaryKeyConstraintName: 'PK_expert_meeting_participants' })
  meetingId: string;

  @PrimaryColumn({ name: 'organisation_id', type: 'uuid', primaryKeyConstraintName: 'PK_expert_meeting_participants' })
  organisationId: string;

  @ManyToOne(() => ExpertMeetingEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: Relation<ExpertMeetingEntity>;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<OrganisationEntity>;

  @Field(() => ParticipationStatus)
  @Column({ type: 'varchar', length: 20 })
  status: ParticipationStatus;
}
