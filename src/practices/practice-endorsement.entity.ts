import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { MemberEntity } from '../organisations/member.entity.js';
import { PracticeEntity } from './practice.entity.js';

/** One organisation's endorsement of a published record: at most one per organisation. */
@Entity('practice_endorsements')
export class PracticeEndorsementEntity {
  @PrimaryColumn({ name: 'practice_id', type: 'uuid', primaryKeyConstraintName: 'PK_practice_endorsements' })
  practiceId: string;

  /** The endorsing organisation. */
  @PrimaryColumn({ name: 'organisation_id', type: 'uuid', primaryKeyConstraintName: 'PK_practice_endorsements' })
  organisationId: string;

  @ManyToOne(() => PracticeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'practice_id' })
  practice?: Relation<PracticeEntity>;

  @Column({ name: 'member_id', type: 'uuid' })
  memberId: string;

  @ManyToOne(() => MemberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'organisation_id', referencedColumnName: 'organisationId' },
    { name: 'member_id', referencedColumnName: 'id' },
  ])
  member?: Relation<MemberEntity>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
