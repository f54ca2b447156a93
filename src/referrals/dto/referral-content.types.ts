import { Field, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsDate, IsEnum, IsOptional, IsString, Length, MaxLength, ValidateNested } from 'class-validator';
import { ExploitationType } from '../../common/exploitation-type.js';
import { IsCalendarDate } from '../../common/validators.js';
import { Trim } from '../../common/validation.js';
import { ServiceType } from '../../organisations/service-type.js';
import { LegalBasis } from '../../personal-data/subject-access-event.entity.js';

export enum NeedPriority {
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
  URGENT = 'URGENT',
}

export enum RiskLevel {
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
}

/** The indicators of exploitation from the seed's checklist. */
export enum RiskIndicator {
  JOURNEY_AND_PAPERS_ARRANGED_BY_OTHERS = 'JOURNEY_AND_PAPERS_ARRANGED_BY_OTHERS',
  NO_OWN_IDENTITY_DOCUMENTS = 'NO_OWN_IDENTITY_DOCUMENTS',
  FEAR_OF_DEPORTATION = 'FEAR_OF_DEPORTATION',
  IRREGULAR_STAY = 'IRREGULAR_STAY',
  MOST_EARNINGS_HANDED_OVER = 'MOST_EARNINGS_HANDED_OVER',
  DEBT = 'DEBT',
  RESTRICTED_MOVEMENT = 'RESTRICTED_MOVEMENT',
  WORKING_FOR_A_THIRD_PARTY = 'WORKING_FOR_A_THIRD_PARTY',
  EXTORTION_OR_PROTECTION_MONEY = 'EXTORTION_OR_PROTECTION_MONEY',
  THREATS_AGAINST_FAMILY = 'THREATS_AGAINST_FAMILY',
}

registerEnumType(NeedPriority, {
  name: 'NeedPriority',
  valuesMap: {
    LOW: { description: 'Can wait' },
    MEDIUM: { description: 'Within weeks' },
    HIGH: { description: 'On arrival' },
    URGENT: { description: 'Before or at arrival, without delay' },
  },
});
registerEnumType(RiskLevel, {
  name: 'RiskLevel',
  valuesMap: {
    LOW: { description: 'No known threat' },
    MEDIUM: { description: 'A possible threat: precautions needed' },
    HIGH: { description: 'A serious threat to the person, their family or the staff: protection needed' },
  },
});
registerEnumType(RiskIndicator, {
  name: 'RiskIndicator',
  valuesMap: {
    DEBT: { description: 'Owes a debt to the exploiters or their network' },
    EXTORTION_OR_PROTECTION_MONEY: { description: 'Made to pay protection money or extorted' },
    FEAR_OF_DEPORTATION: { description: 'Kept compliant by the fear of deportation' },
    IRREGULAR_STAY: { description: 'Stayed irregularly in the destination country' },
    JOURNEY_AND_PAPERS_ARRANGED_BY_OTHERS: { description: 'The journey and the papers were arranged by others' },
    MOST_EARNINGS_HANDED_OVER: { description: 'Handed over most of the earnings' },
    NO_OWN_IDENTITY_DOCUMENTS: { description: 'Does not hold their own identity documents' },
    RESTRICTED_MOVEMENT: { description: 'Freedom of movement was restricted' },
    THREATS_AGAINST_FAMILY: { description: 'The family was threatened' },
    WORKING_FOR_A_THIRD_PARTY: { description: 'Worked for someone other than the apparent employer' },
  },
});

@InputType('NeedInput')
@ObjectType({ description: 'Category NEEDS' })
export class Need {
  @Field(() => ServiceType)
  @IsEnum(ServiceType)
  serviceType: ServiceType;

  @Field(() => NeedPriority)
  @IsEnum(NeedPriority)
  priority: NeedPriority;

  @Field({ nullable: true, description: 'At most 2000 characters' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

@InputType('NationalFieldInput')
@ObjectType({ description: "A field the sending country's profile asks for (see partnerProfile.referralFields)" })
export class NationalField {
  @Field({ description: '1 to 60 characters' })
  @IsString()
  @Length(1, 60)
  key: string;

  @Field({ description: 'true/false for BOOLEAN fields, YYYY-MM-DD for DATE fields. At most 2000 characters' })
  @IsString()
  @MaxLength(2000)
  value: string;
}

@InputType('CaseHistoryInput')
@ObjectType({ description: 'Category CASE_HISTORY' })
export class CaseHistory {
  @Field(() => [ExploitationType], { defaultValue: [], description: 'Each at most once, at most 7' })
  @ArrayMaxSize(7)
  @ArrayUnique()
  @IsEnum(ExploitationType, { each: true })
  exploitationTypes: ExploitationType[] = [];

  @Field({ nullable: true, description: 'At most 10,000 characters' })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  summary?: string;

  @Field(() => [NationalField], {
    defaultValue: [],
    description: [
      "The fields the sending organisation's country profile asks for (partnerProfile(country).referralFields), at most 30; a key twice counts its last value.",
      'BE requires victimStatusProcedure (true or false) and specialisedCentre (PAG_ASA, PAYOKE, SURYA or NONE).',
      'NL requires reflectionPeriodStart and reflectionPeriodEnd (YYYY-MM-DD, the end not before the start and at most three months after it), cooperatedWithPolice (true or false)',
      'and residenceStatus (REFLECTION_PERIOD, TEMPORARY_PERMIT_B8_3, EU_CITIZEN, ASYLUM_PROCEDURE, NO_RESIDENCE_RIGHT or OTHER).',
      'BG, HU, NG and RO ask for none. A draft may lack required fields; submitReferral refuses it then, listing each one (constraint partnerProfileRequires).',
      'A key the profile does not know (partnerProfileUnknownField) or a value of the wrong type (partnerProfileFieldType) is refused at once.',
    ].join(' '),
  })
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => NationalField)
  nationalFields: NationalField[] = [];
}

@InputType('ReceptionInput')
@ObjectType({ description: 'Where, when and by whom the person is met on arrival' })
export class Reception {
  @Field({ description: '1 to 300 characters' })
  @Trim()
  @IsString()
  @Length(1, 300)
  place: string;

  @Field({ nullable: true })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  meetingAt?: Date;

  @Field({ description: '1 to 300 characters' })
  @Trim()
  @IsString()
  @Length(1, 300)
  metBy: string;
}

@InputType('ReturnPlanInput')
@ObjectType({ description: 'Category CONTACT: the journey home' })
export class ReturnPlan {
  @Field({ nullable: true, description: 'YYYY-MM-DD' })
  @IsOptional()
  @IsCalendarDate()
  plannedReturnDate?: string;

  @Field({ nullable: true, description: 'e.g. "flight AMS-BUD, then train to Miskolc". At most 1000 characters' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  route?: string;

  @Field(() => Reception, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => Reception)
  reception?: Reception;
}

@InputType()
export class RiskAssessmentInput {
  @Field(() => RiskLevel)
  @IsEnum(RiskLevel)
  level: RiskLevel;

  @Field(() => [RiskIndicator], { defaultValue: [], description: 'Each at most once' })
  @ArrayUnique()
  @IsEnum(RiskIndicator, { each: true })
  indicators: RiskIndicator[] = [];

  @Field({ nullable: true, description: 'At most 5000 characters' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  notes?: string;
}

@ObjectType({ description: 'The risk to the life or safety of the person, their family, staff or others' })
export class RiskAssessment {
  @Field(() => RiskLevel)
  level: RiskLevel;

  @Field(() => [RiskIndicator])
  indicators: RiskIndicator[];

  @Field(() => String, { nullable: true })
  notes?: string;

  @Field(() => LegalBasis, { description: 'VITAL_INTEREST when shared with the receiver without consent; OWNER for the sender' })
  legalBasis: LegalBasis;
}
