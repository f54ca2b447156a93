import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { ExploitationType } from '../common/exploitation-type.js';
import { ExpertMeetingEntity } from '../meetings/expert-meeting.entity.js';
import { MemberEntity } from '../organisations/member.entity.js';
import { OrganisationEntity } from '../organisations/organisation.entity.js';
import { PracticeStatus, PracticeTheme } from './practice-status.js';
import { Node } from '../graphql/node.js';

/** A best-practice record: what a partner learned, shared with the network once published. */
@ObjectType('Practice', { implements: () => [Node] })
@Entity('practices')
@Index('IDX_practices_listing', ['status', 'publishedAt', 'id'])
@Index('IDX_practices_meeting', ['meetingId'])
@Index('IDX_practices_search', ['searchVector'], { type: 'gin' })
export class PracticeEntity {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The author organisation. */
  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<OrganisationEntity>;

  @Column({ name: 'author_member_id', type: 'uuid' })
  authorMemberId: string;

  // Composite, so that the author is always a member of the author organisation.
  @ManyToOne(() => MemberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'organisation_id', referencedColumnName: 'organisationId' },
    { name: 'author_member_id', referencedColumnName: 'id' },
  ])
  author?: Relation<MemberEntity>;

  @Field()
  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Field()
  @Column({ type: 'varchar', length: 2000 })
  summary: string;

  @Field({ description: 'Markdown' })
  @Column({ type: 'text' })
  body: string;

  @Field({ description: 'ISO 639-1 code of the language the record is written in' })
  @Column({ type: 'varchar', length: 8 })
  language: string;

  /** The PostgreSQL text-search configuration of `language` (see search-language.ts). */
  @Column({ name: 'search_config', type: 'varchar', length: 30 })
  searchConfig: string;

  /** Title, summary and body as lexemes of `search_config`, kept by the trigger practices_search_vector. */
  @Column({ name: 'search_vector', type: 'tsvector', select: false, insert: false, update: false })
  searchVector?: string;

  @Field(() => [PracticeTheme])
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  themes: PracticeTheme[];

  @Field(() => [ExploitationType])
  @Column({ name: 'exploitation_types', type: 'text', array: true, default: () => "'{}'" })
  exploitationTypes: ExploitationType[];

  @Field(() => [String], { description: 'ISO 3166-1 alpha-2 codes of the countries the record concerns' })
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  countries: string[];

  @Column({ name: 'meeting_id', type: 'uuid', nullable: true })
  meetingId: string | null;

  @ManyToOne(() => ExpertMeetingEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: Relation<ExpertMeetingEntity>;

  @Column({ name: 'contact_organisation_id', type: 'uuid' })
  contactOrganisationId: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'contact_organisation_id' })
  contactOrganisation?: Relation<OrganisationEntity>;

  @Field(() => PracticeStatus)
  @Column({ type: 'varchar', length: 20 })
  status: PracticeStatus;

  @Field(() => Int, { description: 'Starts at 1; each edit of the published text adds one and keeps the previous revision' })
  @Column({ type: 'int', default: 1 })
  revision: number;

  @Field(() => Date, { nullable: true })
  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ name: 'archived_at', type: 'timestamptz', nullable: true })
  archivedAt: Date | null;

  @Field()
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field()
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
