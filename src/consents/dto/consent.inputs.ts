import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsBoolean,
  IsDate,
  IsEnum,
  IsISO6391,
  IsOptional,
  IsString,
  IsUUID,
  Length,
} from 'class-validator';
import { LowerCase, Trim } from '../../common/validation.js';
import { ConsentPurpose, DataCategory } from '../../personal-data/consent-terms.js';
import { IdempotencyKeyField } from '../../common/idempotency-key.field.js';

@InputType()
export class RecordConsentInput {
  @IdempotencyKeyField('the consent already recorded')
  idempotencyKey?: string;

  @Field(() => ID)
  @IsUUID('all', { message: 'subjectId must be a subject id' })
  subjectId: string;

  @Field(() => [ID], { description: 'The organisations that may receive the data. At least one, each at most once, at most 20' })
  @ArrayNotEmpty({ message: 'recipientOrganisationIds must name at least one organisation' })
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('all', { each: true, message: 'recipientOrganisationIds must be organisation ids' })
  recipientOrganisationIds: string[];

  @Field(() => [ConsentPurpose], { description: 'At least one, each at most once' })
  @ArrayNotEmpty({ message: 'purposes must name at least one purpose' })
  @ArrayUnique()
  @IsEnum(ConsentPurpose, { each: true })
  purposes: ConsentPurpose[];

  @Field(() => [DataCategory], { description: 'At least one, each at most once' })
  @ArrayNotEmpty({ message: 'categories must name at least one data category' })
  @ArrayUnique()
  @IsEnum(DataCategory, { each: true })
  categories: DataCategory[];

  @Field({ description: 'When the person gave the consent' })
  @Type(() => Date)
  @IsDate({ message: 'givenAt must be a date and time' })
  givenAt: Date;

  @Field({ nullable: true })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'expiresAt must be a date and time' })
  expiresAt?: Date;

  @Field({ description: "ISO 639-1 code of the consent conversation's language; one the partner profile allows" })
  @LowerCase()
  @IsISO6391({ message: 'language must be an ISO 639-1 code such as hu' })
  language: string;

  @Field()
  @IsBoolean()
  interpreterPresent: boolean;

  @Field({ description: 'Where the signed form is kept. 1 to 200 characters' })
  @Trim()
  @IsString()
  @Length(1, 200)
  formReference: string;
}

@InputType()
export class WithdrawConsentInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'consentId must be a consent id' })
  consentId: string;

  @Field({ description: '3 to 500 characters' })
  @Trim()
  @IsString()
  @Length(3, 500)
  reason: string;
}
