import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { OrganisationKind } from './organisation-kind.js';
import { ServiceType } from './service-type.js';
import { Node } from '../graphql/node.js';

/** A partner organisation: the tenant. Its directory entry is visible to the whole network. */
@ObjectType('Organisation', { implements: () => [Node] })
@Check('CHK_organisations_max_token_days', '"max_token_days" BETWEEN 1 AND 365')
@Entity('organisations')
@Index('UQ_organisations_name', ['name'], { unique: true })
export class OrganisationEntity {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Field({ description: 'ISO 3166-1 alpha-2 country code' })
  @Column({ type: 'varchar', length: 2 })
  country: string;

  @Field(() => OrganisationKind)
  @Column({ type: 'varchar', length: 40 })
  kind: OrganisationKind;

  @Field(() => [String], { description: 'ISO 639-1 codes of the languages the organisation works in' })
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  languages: string[];

  @Field(() => [ServiceType])
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  services: ServiceType[];

  @Field()
  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Field(() => Date, { nullable: true })
  @Column({ name: 'suspended_at', type: 'timestamptz', nullable: true })
  suspendedAt: Date | null;

  @Column({ name: 'suspension_reason', type: 'varchar', length: 500, nullable: true })
  suspensionReason: string | null;

  @Field(() => Int, { description: 'How many days its tokens may last at most (its ORG_ADMIN sets it)' })
  @Column({ name: 'max_token_days', type: 'int', default: 90 })
  maxTokenDays: number;

  @Field()
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
