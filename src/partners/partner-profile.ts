import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum ReferralFieldType {
  BOOLEAN = 'BOOLEAN',
  DATE = 'DATE',
  CHOICE = 'CHOICE',
  TEXT = 'TEXT',
}

registerEnumType(ReferralFieldType, { name: 'ReferralFieldType' });

@ObjectType({ description: 'A field that a referral sent from this country must (or may) carry' })
export class ReferralFieldDefinition {
  @Field({ description: 'The key under which the value travels in a referral' })
  key: string;

  @Field()
  label: string;

  @Field(() => ReferralFieldType)
  type: ReferralFieldType;

  @Field()
  required: boolean;

  @Field(() => [String], { description: 'The allowed values of a CHOICE field' })
  options: string[];

  @Field({ nullable: true })
  description?: string;
}

@ObjectType()
export class ReturnProgramme {
  @Field()
  name: string;

  @Field()
  operator: string;

  @Field()
  description: string;
}

/**
 * What one partner country's law and practice require. Each country is one
 * folder under src/partners with a profile.ts that exports `profile`.
 */
@ObjectType()
export class PartnerProfile {
  @Field({ description: 'ISO 3166-1 alpha-2 code' })
  country: string;

  @Field()
  countryName: string;

  @Field(() => [String], { description: 'ISO 639-1 codes of the languages a consent can be given in' })
  consentLanguages: string[];

  @Field(() => [Int], { description: 'Follow-ups after return, in months after arrival' })
  followUpScheduleMonths: number[];

  @Field(() => Int, { nullable: true, description: 'The reflection period for presumed victims, in days, where the law sets one' })
  reflectionPeriodDays?: number;

  @Field(() => ReturnProgramme)
  returnProgramme: ReturnProgramme;

  @Field(() => [ReferralFieldDefinition])
  referralFields: ReferralFieldDefinition[];

  @Field({ description: 'The PostgreSQL text-search configuration for texts in the national language' })
  textSearchConfiguration: string;

  /** Rules across fields that the field definitions alone cannot express; each returns a problem (and the field it concerns) or null. */
  crossFieldRules?: ((values: Record<string, unknown>) => { key: string; message: string } | null)[];
}
