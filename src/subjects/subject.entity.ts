import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { OrganisationEntity } from '../organisations/organisation.entity.js';
import { Node } from '../graphql/node.js';

export enum Gender {
  FEMALE = 'FEMALE',
  MALE = 'MALE',
  OTHER = 'OTHER',
  UNKNOWN = 'UNKNOWN',
}

registerEnumType(Gender, {
  name: 'Gender',
  valuesMap: {
    FEMALE: { description: 'Female' },
    MALE: { description: 'Male' },
    OTHER: { description: 'Another gender' },
    UNKNOWN: { description: 'Not known or not given' },
  },
});

/**
 * The person who returns, owned by the organisation that registered them.
 * Only coarse, non-identifying facts are in clear here; names, dates of birth,
 * contact details and health notes live encrypted in personal_records.
 */
@ObjectType('Subject', { implements: () => [Node] })
@Entity('subjects')
@Index('UQ_subjects_pseudonym', ['organisationId', 'pseudonym'], { unique: true })
export class SubjectEntity {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<OrganisationEntity>;

  @Field({ description: 'A generated name for everyday use, never derived from the real name' })
  @Column({ type: 'varchar', length: 20 })
  pseudonym: string;

  @Field({ description: 'ISO 3166-1 alpha-2' })
  @Column({ type: 'varchar', length: 2 })
  nationality: string;

  @Field({ description: 'ISO 3166-1 alpha-2: where the person returns to' })
  @Column({ name: 'country_of_return', type: 'varchar', length: 2 })
  countryOfReturn: string;

  @Field(() => Gender, { description: 'Kept in clear, coarse, for statistics' })
  @Column({ type: 'varchar', length: 10 })
  gender: Gender;

  @Column({ name: 'registered_by_member_id', type: 'uuid' })
  registeredByMemberId: string;

  @Field()
  @CreateDateColumn({ name: 'registered_at', type: 'timestamptz' })
  registeredAt: Date;

  @Field(() => Date, { nullable: true, description: "When the person's data key was destroyed" })
  @Column({ name: 'erased_at', type: 'timestamptz', nullable: true })
  erasedAt: Date | null;
}
