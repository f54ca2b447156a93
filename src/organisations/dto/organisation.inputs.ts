import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { MAX_TOKEN_DAYS } from './token.inputs.js';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsEnum,
  IsInt,
  IsISO31661Alpha2,
  IsISO6391,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { Trim, UpperCase } from '../../common/validation.js';
import { MemberIdentityInput } from './member.inputs.js';
import { OrganisationKind } from '../organisation-kind.js';
import { ServiceType } from '../service-type.js';

@InputType()
export class FirstAdminInput extends MemberIdentityInput {}

@InputType()
export class CreateOrganisationInput {
  @Field({ description: '2 to 200 characters' })
  @Trim()
  @IsString()
  @Length(2, 200)
  name: string;

  @Field({ description: 'ISO 3166-1 alpha-2 country code, e.g. NL' })
  @UpperCase()
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code such as NL' })
  country: string;

  @Field(() => OrganisationKind)
  @IsEnum(OrganisationKind)
  kind: OrganisationKind;

  @Field(() => [String], { defaultValue: [], description: 'ISO 639-1 language codes, e.g. nl, hu. Each at most once, at most 30' })
  @ArrayMaxSize(30)
  @ArrayUnique()
  @IsISO6391({ each: true, message: 'languages must be ISO 639-1 codes such as nl or hu' })
  languages: string[] = [];

  @Field(() => [ServiceType], { defaultValue: [], description: 'Each at most once, at most 30' })
  @ArrayMaxSize(30)
  @ArrayUnique()
  @IsEnum(ServiceType, { each: true })
  services: ServiceType[] = [];

  @Field(() => FirstAdminInput, { description: "The organisation's first ORG_ADMIN, who receives a token" })
  @ValidateNested()
  @Type(() => FirstAdminInput)
  firstAdmin: FirstAdminInput;
}

@InputType()
export class UpdateOrganisationInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'id must be an organisation id' })
  id: string;

  @Field({ nullable: true, description: '2 to 200 characters' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(2, 200)
  name?: string;

  @Field(() => OrganisationKind, { nullable: true })
  @IsOptional()
  @IsEnum(OrganisationKind)
  kind?: OrganisationKind;

  @Field(() => [String], { nullable: true, description: 'Each at most once, at most 30' })
  @IsOptional()
  @ArrayMaxSize(30)
  @ArrayUnique()
  @IsISO6391({ each: true, message: 'languages must be ISO 639-1 codes such as nl or hu' })
  languages?: string[];

  @Field(() => [ServiceType], { nullable: true, description: 'Each at most once, at most 30' })
  @IsOptional()
  @ArrayMaxSize(30)
  @ArrayUnique()
  @IsEnum(ServiceType, { each: true })
  services?: ServiceType[];

  @Field(() => Int, { nullable: true, description: `How many days new tokens may last at most, 1 to ${MAX_TOKEN_DAYS}` })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_TOKEN_DAYS)
  maxTokenDays?: number;
}

@InputType()
export class SuspendOrganisationInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'id must be an organisation id' })
  id: string;

  @Field({ description: '3 to 500 characters' })
  @Trim()
  @IsString()
  @Length(3, 500)
  reason: string;
}

@InputType()
export class ReactivateOrganisationInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'id must be an organisation id' })
  id: string;
}
