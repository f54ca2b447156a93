import { ArgsType, Field, ID } from '@nestjs/graphql';
import { ArrayMaxSize, IsEnum, IsISO31661Alpha2, IsISO6391, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageArgs } from '../../common/connection.js';
import { ExploitationType } from '../../common/exploitation-type.js';
import { UpperCaseEach } from '../../common/list-transforms.js';
import { LowerCase, Trim } from '../../common/validation.js';
import { PracticeStatus, PracticeTheme } from '../practice-status.js';

@ArgsType()
export class PracticesArgs extends PageArgs {
  @Field({
    nullable: true,
    description:
      'Words to find, in web-search syntax ("a phrase", -excluded, or): each record is matched in its own language, so inflected forms match, and each word also matches published words that start with it, that it starts with, or that differ by diacritics or a letter; results are ranked. At most 200 characters',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  search?: string;

  @Field(() => [PracticeTheme], { nullable: true, description: 'Records with at least one of these themes (at most 7)' })
  @IsOptional()
  @ArrayMaxSize(7)
  @IsEnum(PracticeTheme, { each: true })
  themes?: PracticeTheme[];

  @Field(() => [ExploitationType], {
    nullable: true,
    description: 'Records concerning at least one of these exploitation types (at most 7)',
  })
  @IsOptional()
  @ArrayMaxSize(7)
  @IsEnum(ExploitationType, { each: true })
  exploitationTypes?: ExploitationType[];

  @Field(() => [String], {
    nullable: true,
    description: 'Records concerning at least one of these countries (ISO 3166-1 alpha-2; at most 60)',
  })
  @IsOptional()
  @UpperCaseEach()
  @ArrayMaxSize(60)
  @IsISO31661Alpha2({ each: true, message: 'countries must be ISO 3166-1 alpha-2 codes such as NL' })
  countries?: string[];

  @Field({ nullable: true, description: 'Records written in this language (ISO 639-1); the search is then read in it too' })
  @IsOptional()
  @LowerCase()
  @IsISO6391({ message: 'language must be an ISO 639-1 code such as nl, hu or en' })
  language?: string;

  @Field(() => ID, { nullable: true, description: 'Records that came out of this expert meeting' })
  @IsOptional()
  @IsUUID('all', { message: 'meeting must be an expert meeting id' })
  meeting?: string;

  @Field(() => PracticeStatus, {
    defaultValue: PracticeStatus.PUBLISHED,
    description: "DRAFT and ARCHIVED list your own organisation's records only",
  })
  @IsEnum(PracticeStatus)
  status: PracticeStatus = PracticeStatus.PUBLISHED;
}
