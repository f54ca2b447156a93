import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Node } from '../graphql/node.js';

export enum LegalBasis {
  OWNER = 'OWNER',
  CONSENT = 'CONSENT',
  VITAL_INTEREST = 'VITAL_INTEREST',
}

registerEnumType(LegalBasis, { name: 'LegalBasis' });

/** A read of a person's decrypted data, kept for the organisation that owns the person. */
@ObjectType('SubjectAccessEvent', { implements: () => [Node] })
@Entity('subject_access_events')
@Index('IDX_subject_access_events_subject', ['organisationId', 'subjectId', 'occurredAt'])
export class SubjectAccessEventEntity {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @Field(() => ID)
  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId: string;

  @Field(() => ID, { nullable: true })
  @Column({ name: 'referral_id', type: 'uuid', nullable: true })
  referralId: string | null;

  @Field(() => ID)
  @Column({ name: 'reader_organisation_id', type: 'uuid' })
  readerOrganisationId: string;

  @Field(() => ID)
  @Column({ name: 'reader_member_id', type: 'uuid' })
  readerMemberId: string;

  @Field(() => [String], {
    description: 'The kinds of data read: IDENTITY, CONTACT, HEALTH, NEEDS, CASE_HISTORY, RETURN_PLAN, RISK_ASSESSMENT, MESSAGES',
  })
  @Column({ type: 'text', array: true })
  kinds: string[];

  @Field(() => LegalBasis)
  @Column({ name: 'legal_basis', type: 'varchar', length: 20 })
  legalBasis: LegalBasis;

  @Field()
  @Column({ name: 'occurred_at', type: 'timestamptz', default: () => 'now()' })
  occurredAt: Date;
}
