import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsEmail,
  IsEnum,
  IsInt,
  IsISO6391,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate } from '../../common/validators.js';
import { Trim } from '../../common/validation.js';
import { Gender } from '../subject.entity.js';

@InputType('DependantInput')
@ObjectType()
export class Dependant {
  @Field({ description: 'e.g. daughter, mother' })
  @Trim()
  @IsString()
  @Length(1, 50)
  relationship: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1900)
  @Max(2100)
  yearOfBirth?: number;
}

@InputType('SubjectIdentityInput')
@ObjectType({ description: 'Category IDENTITY' })
export class SubjectIdentity {
  @Field()
  @Trim()
  @IsString()
  @Length(1, 200)
  givenNames: string;

  @Field()
  @Trim()
  @IsString()
  @Length(1, 200)
  familyName: string;

  @Field({ nullable: true, description: 'YYYY-MM-DD' })
  @IsOptional()
  @IsCalendarDate()
  dateOfBirth?: string;

  @Field(() => Gender)
  @IsEnum(Gender)
  gender: Gender;

  @Field(() => [String], { defaultValue: [], description: 'ISO 639-1 codes' })
  @ArrayMaxSize(20)
  @IsISO6391({ each: true, message: 'languages must be ISO 639-1 codes such as hu' })
  languages: string[] = [];

  @Field(() => [Dependant], { defaultValue: [] })
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => Dependant)
  dependants: Dependant[] = [];
}

@InputType('SubjectContactInput')
@ObjectType({ description: 'Category CONTACT' })
export class SubjectContact {
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(3, 40)
  phone?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  address?: string;

  @Field({ nullable: true, description: 'How to reach the person safely, e.g. "only by WhatsApp, never call at home"' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  safeContactNotes?: string;
}

@InputType('SubjectHealthInput')
@ObjectType({ description: 'Category HEALTH' })
export class SubjectHealth {
  @Field()
  @IsString()
  @Length(1, 5000)
  notes: string;
}
