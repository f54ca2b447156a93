import { ArgsType, Field, Float, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsEnum,
  IsInt,
  IsISO31661Alpha2,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { UpperCase } from '../../common/validation.js';
import { listInTurns } from '../../fast-path/list-in-turns.js';

export enum StatisticsDimension {
  SENDER_COUNTRY = 'SENDER_COUNTRY',
  RECEIVER_COUNTRY = 'RECEIVER_COUNTRY',
  YEAR = 'YEAR',
  EXPLOITATION_TYPE = 'EXPLOITATION_TYPE',
  STATUS = 'STATUS',
  GENDER = 'GENDER',
  AGE_BAND = 'AGE_BAND',
}

registerEnumType(StatisticsDimension, {
  name: 'StatisticsDimension',
  valuesMap: {
    SENDER_COUNTRY: { description: 'The country of the sending organisation' },
    RECEIVER_COUNTRY: { description: 'The country of the receiving organisation' },
    YEAR: { description: 'The year of submission (UTC)' },
    EXPLOITATION_TYPE: { description: 'Each exploitation type of the case (a referral counts under each of its types)' },
    STATUS: { description: 'The referral status' },
    GENDER: { description: 'The gender as registered when the referral was made' },
    AGE_BAND: { description: 'The age band at referral' },
  },
});

@InputType()
export class StatisticsFilter {
  @Field(() => [Int], { nullable: true, description: 'Years of submission. At most 50' })
  @IsOptional()
  @ArrayMaxSize(50)
  @IsInt({ each: true })
  years?: number[];

  @Field(() => [String], { nullable: true, description: 'At most 250' })
  @IsOptional()
  @ArrayMaxSize(250)
  @IsISO31661Alpha2({ each: true, message: 'senderCountries must be ISO 3166-1 alpha-2 codes' })
  senderCountries?: string[];

  @Field(() => [String], { nullable: true, description: 'At most 250' })
  @IsOptional()
  @ArrayMaxSize(250)
  @IsISO31661Alpha2({ each: true, message: 'receiverCountries must be ISO 3166-1 alpha-2 codes' })
  receiverCountries?: string[];
}

@ArgsType()
export class NetworkStatisticsArgs {
  @Field(() => [StatisticsDimension], { description: 'At most 4 dimensions, each at most once; every combination comes with its totals' })
  @ArrayMaxSize(4)
  @ArrayUnique()
  @IsEnum(StatisticsDimension, { each: true })
  groupBy: StatisticsDimension[];

  @Field(() => StatisticsFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => StatisticsFilter)
  filter?: StatisticsFilter;
}

@ObjectType({
  description:
    'A count, or null and suppressed below the threshold. Referral counts are adjusted (cell key method): each hidden ' +
    'cell it sums moves by at most 2, the same way every time, so no number of questions pins a small count down',
})
export class SuppressibleCount {
  @Field(() => Int, { nullable: true })
  value: number | null;

  @Field()
  suppressed: boolean;
}

@ObjectType()
export class SuppressibleMean {
  @Field(() => Float, { nullable: true })
  value: number | null;

  @Field()
  suppressed: boolean;
}

@ObjectType()
export class ReferralStatisticsRow {
  @Field(() => [String], { description: 'One value per groupBy dimension; "*" means all values (a total)' })
  keys: string[];

  @Field(() => SuppressibleCount, { description: 'Submitted referrals' })
  referrals: SuppressibleCount;

  @Field(() => SuppressibleCount, { description: 'Of which the person arrived home' })
  returns: SuppressibleCount;
}

@ObjectType()
export class ReferralStatistics {
  @Field(() => [StatisticsDimension])
  groupBy: StatisticsDimension[];

  @Field(() => Int, { description: 'Counts below this are suppressed' })
  threshold: number;

  @Field(() => [ReferralStatisticsRow], { middleware: [listInTurns] })
  rows: ReferralStatisticsRow[];

  @Field({ description: 'The same answer as CSV, suppressed cells written as <threshold' })
  csv: string;
}

const MEAN = "Mean score (1-5): each cell's mean rounded to the half point and moved by at most 1, weighted by the cells' adjusted counts";

@ObjectType()
export class ReintegrationStatisticsRow {
  @Field(() => [String])
  keys: string[];

  @Field(() => SuppressibleCount, { description: 'Follow-up reports (their current versions), a sum of adjusted cells' })
  reports: SuppressibleCount;

  @Field(() => SuppressibleMean, { description: MEAN })
  economic: SuppressibleMean;

  @Field(() => SuppressibleMean, { description: MEAN })
  social: SuppressibleMean;

  @Field(() => SuppressibleMean, { description: MEAN })
  psychosocial: SuppressibleMean;
}

@ObjectType()
export class ReintegrationStatistics {
  @Field(() => [StatisticsDimension])
  groupBy: StatisticsDimension[];

  @Field(() => Int)
  threshold: number;

  @Field(() => [ReintegrationStatisticsRow], { middleware: [listInTurns] })
  rows: ReintegrationStatisticsRow[];

  @Field()
  csv: string;
}

@ArgsType()
export class RegistrationStatisticsArgs {
  @Field({ description: 'ISO 3166-1 alpha-2, e.g. NL' })
  @UpperCase()
  @IsISO31661Alpha2({ message: 'registrationCountry must be an ISO 3166-1 alpha-2 code' })
  registrationCountry: string;

  @Field(() => [Int], { nullable: true, description: 'Only these years (at most 50)' })
  @IsOptional()
  @ArrayMaxSize(50)
  @IsInt({ each: true })
  years?: number[];

  @Field(() => [String], { nullable: true, description: 'Only these nationalities, ISO 3166-1 alpha-2 (at most 250)' })
  @IsOptional()
  @ArrayMaxSize(250)
  @IsISO31661Alpha2({ each: true, message: 'nationalities must be ISO 3166-1 alpha-2 codes' })
  nationalities?: string[];

  @Field(() => Int, { nullable: true, description: 'Only the figures ranked this high or higher in their year, 1 to 250' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(250)
  top?: number;
}

@ObjectType()
export class RegistrationFigure {
  @Field()
  registrationCountry: string;

  @Field(() => Int)
  year: number;

  @Field()
  nationality: string;

  @Field()
  nationalityName: string;

  @Field(() => SuppressibleCount)
  victims: SuppressibleCount;

  @Field(() => Int, { description: 'Within the year; equal figures share a rank' })
  rank: number;

  @Field(() => Int, {
    nullable: true,
    description: 'Against the previous year; null without a figure for it, or when either is suppressed',
  })
  changeFromPreviousYear: number | null;
}

@ObjectType()
export class RegistrationStatistics {
  @Field(() => [RegistrationFigure])
  figures: RegistrationFigure[];

  @Field()
  csv: string;
}

@InputType()
export class ImportRegistrationStatisticsInput {
  @Field({
    description:
      'The CSV text, "," or ";" separated (taken from the header line): registration_country,year,nationality,nationality_iso2,victims. Not empty; at most 2,000,000 characters',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(2_000_000)
  csv: string;

  @Field({ nullable: true, description: 'Where the figures come from. At most 200 characters' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  source?: string;
}

@ObjectType()
export class RegistrationImport {
  @Field(() => Int)
  inserted: number;

  @Field(() => Int)
  updated: number;

  @Field(() => Int)
  unchanged: number;
}
