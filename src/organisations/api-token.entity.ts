import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { MemberEntity } from './member.entity.js';

/** An API token's record. The secret itself is never stored: only its SHA-256 hash. */
@ObjectType('ApiToken')
@Entity('api_tokens')
@Index('UQ_api_tokens_prefix', ['prefix'], { unique: true })
@Index('UQ_api_tokens_hash', ['tokenHash'], { unique: true })
@Index('IDX_api_tokens_member', ['organisationId', 'memberId'])
export class ApiTokenEntity {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @Field(() => ID)
  @Column({ name: 'member_id', type: 'uuid' })
  memberId: string;

  // Composite, so that a token can only ever belong to a member of its own organisation.
  @ManyToOne(() => MemberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'organisation_id', referencedColumnName: 'organisationId' },
    { name: 'member_id', referencedColumnName: 'id' },
  ])
  member?: Relation<MemberEntity>;

  @Field({ description: 'A label chosen by the person who issued it' })
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Field({ description: 'The visible start of the token, to recognise it' })
  @Column({ type: 'varchar', length: 20 })
  prefix: string;

  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash: string;

  @Field()
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field()
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Field(() => Date, { nullable: true })
  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
