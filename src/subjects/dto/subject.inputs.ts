import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsOptional, IsString, IsUUID, Length, ValidateNested } from 'class-validator';
import { IsCountryCode } from '../../common/validators.js';
import { Trim } from '../../common/validation.js';
import { SubjectContact, SubjectHealth, SubjectIdentity } from './personal-data.types.js';
import { IdempotencyKeyField } from '../../common/idempotency-key.field.js';

/** The parts of a person's data that are optional both at registration and in an update. */
@InputType({ isAbstract: true })
abstract class OptionalPersonalDataInput {
  @Field(() => SubjectContact, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => SubjectContact)
  contact?: SubjectContact;

  @Field(() => SubjectHealth, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => SubjectHealth)
  health?: SubjectHealth;
}

@InputType()
export class RegisterSubjectInput extends OptionalPersonalDataInput {
  @IdempotencyKeyField('the person already registered')
  idempotencyKey?: string;

  @Field({ description: 'ISO 3166-1 alpha-2' })
  @IsCountryCode()
  nationality: string;

  @Field({ description: 'ISO 3166-1 alpha-2: the country the person returns to' })
  @IsCountryCode()
  countryOfReturn: string;

  @Field(() => SubjectIdentity)
  @ValidateNested()
  @Type(() => SubjectIdentity)
  identity: SubjectIdentity;
}

@InputType()
export class UpdateSubjectInput extends OptionalPersonalDataInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'subjectId must be a subject id' })
  subjectId: string;

  @Field(() => SubjectIdentity, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => SubjectIdentity)
  identity?: SubjectIdentity;
}

@InputType()
export class EraseSubjectInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'subjectId must be a subject id' })
  subjectId: string;

  @Field({ description: 'Why, for the audit log (no personal data). 3 to 500 characters' })
  @Trim()
  @IsString()
  @Length(3, 500)
  reason: string;
}
