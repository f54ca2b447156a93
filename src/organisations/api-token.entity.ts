import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { MemberEntity } from './member.entity.js';
import { Node } from '../graphql/node.js';

/** An API token's record. The secret itself is never stored: only its SHA-256 hash. */
@ObjectType('ApiToken', { implements: () => [Node] })
@Entity('api_tokens')
@Index('UQ_api_tokens_prefix', ['prefix'], { unique: true })
@Index('UQ_api_tokens_hash', ['tokenHash'], { unique: true })
@Index('IDX_api_tokens_member', ['organisationId', 'memberId'])
@Index('IDX_api_tokens_issued_by_token', ['issuedByTokenId'])
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

  @Field(() => ID, { nullable: true, description: 'The member who issued it (none for the first token of the network)' })
  @Column({ name: 'issued_by_member_id', type: 'uuid', nullable: true })
  issuedByMemberId: string | null;

  /** The token it was issued with: revoking that one revokes this one (migration TokenLineage). */
  @ManyToOne(() => ApiTokenEntity, { onDelete: 'RESTRICT', createForeignKeyConstraints: true })
  @JoinColumn({ name: 'issued_by_token_id', foreignKeyConstraintName: 'FK_api_tokens_issued_by_token' })
  issuedByToken?: Relation<ApiTokenEntity>;

  @Column({ name: 'issued_by_token_id', type: 'uuid', nullable: true })
  issuedByTokenId: string | null;
}
