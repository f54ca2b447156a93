import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { MemberEntity } from '../organisations/member.entity.js';
import { PracticeEntity } from './practice.entity.js';
import { Node } from '../graphql/node.js';

/** A member's comment on a published record, on behalf of their organisation. */
@ObjectType('PracticeComment', { implements: () => [Node] })
@Entity('practice_comments')
@Index('IDX_practice_comments_practice', ['practiceId', 'createdAt', 'id'])
export class PracticeCommentEntity {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'practice_id', type: 'uuid' })
  practiceId: string;

  @ManyToOne(() => PracticeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'practice_id' })
  practice?: Relation<PracticeEntity>;

  /** The commenting organisation. */
  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @Column({ name: 'member_id', type: 'uuid' })
  memberId: string;

  @ManyToOne(() => MemberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'organisation_id', referencedColumnName: 'organisationId' },
    { name: 'member_id', referencedColumnName: 'id' },
  ])
  member?: Relation<MemberEntity>;

  @Field()
  @Column({ type: 'varchar', length: 4000 })
  body: string;

  @Field()
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
