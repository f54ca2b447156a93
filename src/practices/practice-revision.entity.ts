import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { MemberEntity } from '../organisations/member.entity.js';
import { PracticeEntity } from './practice.entity.js';
import { Node } from '../graphql/node.js';

/** The text of a published record as it was before an edit replaced it. */
@ObjectType('PracticeRevision', { implements: () => [Node] })
@Entity('practice_revisions')
@Index('UQ_practice_revisions_number', ['practiceId', 'number'], { unique: true })
export class PracticeRevisionEntity {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'practice_id', type: 'uuid' })
  practiceId: string;

  @ManyToOne(() => PracticeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'practice_id' })
  practice?: Relation<PracticeEntity>;

  /** The author organisation, which alone writes revisions. */
  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @Field(() => Int, { description: 'The revision number this text had' })
  @Column({ type: 'int' })
  number: number;

  @Field()
  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Field()
  @Column({ type: 'varchar', length: 2000 })
  summary: string;

  @Field()
  @Column({ type: 'text' })
  body: string;

  @Column({ name: 'revised_by_member_id', type: 'uuid' })
  revisedByMemberId: string;

  @ManyToOne(() => MemberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'organisation_id', referencedColumnName: 'organisationId' },
    { name: 'revised_by_member_id', referencedColumnName: 'id' },
  ])
  revisedBy?: Relation<MemberEntity>;

  @Field({ description: 'When an edit replaced this text' })
  @Column({ name: 'revised_at', type: 'timestamptz' })
  revisedAt: Date;
}
