import { applyDecorators } from '@nestjs/common';
import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayUnique, IsEnum, IsISO31661Alpha2, IsISO6391, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { ExploitationType } from '../../common/exploitation-type.js';
import { UpperCaseEach } from '../../common/list-transforms.js';
import { NoCaseReference } from '../../common/no-case-reference.js';
import { LowerCase, Trim } from '../../common/validation.js';
import { PracticeTheme } from '../practice-status.js';
import { IdempotencyKeyField } from '../../common/idempotency-key.field.js';

export const MAX_BODY_LENGTH = 100_000;

const Title = () => applyDecorators(Trim(), IsString(), Length(3, 300), NoCaseReference());
const Summary = () => applyDecorators(Trim(), IsString(), Length(3, 2000), NoCaseReference());
const Body = () => applyDecorators(Trim(), IsString(), Length(1, MAX_BODY_LENGTH), NoCaseReference());
const Language = () => applyDecorators(LowerCase(), IsISO6391({ message: 'language must be an ISO 639-1 code such as nl, hu or en' }));
const Themes = () => applyDecorators(ArrayMaxSize(7), ArrayUnique(), IsEnum(PracticeTheme, { each: true }));
const ExploitationTypes = () => applyDecorators(ArrayMaxSize(7), ArrayUnique(), IsEnum(ExploitationType, { each: true }));
const Countries = () =>
  applyDecorators(
    UpperCaseEach(),
    ArrayMaxSize(60),
    ArrayUnique(),
    IsISO31661Alpha2({ each: true, message: 'countries must be ISO 3166-1 alpha-2 codes such as NL' }),
  );
const OptionalId = (what: string) => applyDecorators(IsOptional(), IsUUID('all', { message: `${what} must be an id` }));

@InputType()
export class CreatePracticeInput {
  @IdempotencyKeyField('the practice already created')
  idempotencyKey?: string;

  @Field({ description: '3 to 300 characters' })
  @Title()
  title: string;

  @Field({ description: '3 to 2000 characters' })
  @Summary()
  summary: string;

  @Field({ description: 'Markdown. No personal data: a text with a case reference is refused. 1 to 100,000 characters' })
  @Body()
  body: string;

  @Field({ description: 'ISO 639-1 code of the language the record is written in; it decides how search stems its words' })
  @Language()
  language: string;

  @Field(() => [PracticeTheme], { defaultValue: [], description: 'At most 7, each at most once' })
  @Themes()
  themes: PracticeTheme[] = [];

  @Field(() => [ExploitationType], { defaultValue: [], description: 'At most 7, each at most once' })
  @ExploitationTypes()
  exploitationTypes: ExploitationType[] = [];

  @Field(() => [String], { defaultValue: [], description: 'ISO 3166-1 alpha-2 codes. At most 60, each at most once' })
  @Countries()
  countries: string[] = [];

  @Field(() => ID, { nullable: true, description: 'The expert meeting the record came out of' })
  @OptionalId('meetingId')
  meetingId?: string;

  @Field(() => ID, { nullable: true, description: 'The organisation to contact about the record; yours when left out' })
  @OptionalId('contactOrganisationId')
  contactOrganisationId?: string;
}

@InputType({ description: 'Changes to a practice; fields left out stay as they are' })
export class UpdatePracticeInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'id must be a practice id' })
  id: string;

  @Field({ nullable: true, description: '3 to 300 characters' })
  @IsOptional()
  @Title()
  title?: string;

  @Field({ nullable: true, description: '3 to 2000 characters' })
  @IsOptional()
  @Summary()
  summary?: string;

  @Field({ nullable: true, description: '1 to 100,000 characters' })
  @IsOptional()
  @Body()
  body?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Language()
  language?: string;

  @Field(() => [PracticeTheme], { nullable: true, description: 'At most 7, each at most once' })
  @IsOptional()
  @Themes()
  themes?: PracticeTheme[];

  @Field(() => [ExploitationType], { nullable: true, description: 'At most 7, each at most once' })
  @IsOptional()
  @ExploitationTypes()
  exploitationTypes?: ExploitationType[];

  @Field(() => [String], { nullable: true, description: 'At most 60, each at most once' })
  @IsOptional()
  @Countries()
  countries?: string[];

  @Field(() => ID, { nullable: true, description: 'Links the record to an expert meeting; null unlinks it' })
  @OptionalId('meetingId')
  meetingId?: string | null;

  @Field(() => ID, { nullable: true })
  @OptionalId('contactOrganisationId')
  contactOrganisationId?: string;
}

@InputType({ isAbstract: true })
abstract class PracticeIdInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'id must be a practice id' })
  id: string;
}

@InputType()
export class PublishPracticeInput extends PracticeIdInput {}

@InputType()
export class ArchivePracticeInput extends PracticeIdInput {}

@InputType({ isAbstract: true })
abstract class EndorsementInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'practiceId must be a practice id' })
  practiceId: string;
}

@InputType()
export class EndorsePracticeInput extends EndorsementInput {}

@InputType()
export class WithdrawEndorsementInput extends EndorsementInput {}

@InputType()
export class CommentOnPracticeInput {
  @IdempotencyKeyField('the comment already made')
  idempotencyKey?: string;

  @Field(() => ID)
  @IsUUID('all', { message: 'practiceId must be a practice id' })
  practiceId: string;

  @Field({ description: 'No personal data: a text with a case reference is refused. 1 to 4000 characters' })
  @Trim()
  @IsString()
  @Length(1, 4000)
  @NoCaseReference()
  body: string;
}
