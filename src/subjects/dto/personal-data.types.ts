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
  @Field({ description: 'e.g. daughter, mother. 1 to 50 characters' })
  @Trim()
  @IsString()
  @Length(1, 50)
  relationship: string;

  @Field(() => Int, { nullable: true, description: '1900 to 2100' })
  @IsOptional()
  @IsInt()
  @Min(1900)
  @Max(2100)
  yearOfBirth?: number;
}

@InputType('SubjectIdentityInput')
@ObjectType({ description: 'Category IDENTITY' })
export class SubjectIdentity {
  @Field({ description: '1 to 200 characters' })
  @Trim()
  @IsString()
  @Length(1, 200)
  givenNames: string;

  @Field({ description: '1 to 200 characters' })
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

  @Field(() => [String], { defaultValue: [], description: 'ISO 639-1 codes. At most 20' })
  @ArrayMaxSize(20)
  @IsISO6391({ each: true, message: 'languages must be ISO 639-1 codes such as hu' })
  languages: string[] = [];

  @Field(() => [Dependant], { defaultValue: [], description: 'At most 20' })
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => Dependant)
  dependants: Dependant[] = [];
}

@InputType('SubjectContactInput')
@ObjectType({ description: 'Category CONTACT' })
export class SubjectContact {
  @Field({ nullable: true, description: '3 to 40 characters' })
  @IsOptional()
  @IsString()
  @Length(3, 40)
  phone?: string;

  @Field({ nullable: true, description: 'An e-mail address' })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email?: string;

  @Field({ nullable: true, description: 'At most 500 characters' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  address?: string;

  @Field({
    nullable: true,
    description: 'How to reach the person safely, e.g. "only by WhatsApp, never call at home". At most 1000 characters',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  safeContactNotes?: string;
}

@InputType('SubjectHealthInput')
@ObjectType({ description: 'Category HEALTH' })
export class SubjectHealth {
  @Field({ description: '1 to 5000 characters' })
  @IsString()
  @Length(1, 5000)
  notes: string;
}
