import { Field, InputType, ObjectType, OmitType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsBoolean, ValidateNested } from 'class-validator';
import { IdempotencyKeyField } from '../../common/idempotency-key.field.js';
import { ConsentEntity } from '../../consents/consent.entity.js';
import { RecordConsentInput } from '../../consents/dto/consent.inputs.js';
import { SubjectEntity } from '../../subjects/subject.entity.js';
import { RegisterSubjectInput } from '../../subjects/dto/subject.inputs.js';
import { ReferralEntity } from '../referral.entity.js';
import { CreateReferralInput } from './referral.inputs.js';

@InputType({ description: 'The person, as registerSubject takes them' })
export class RegisterAndReferSubjectInput extends OmitType(RegisterSubjectInput, ['idempotencyKey'] as const, InputType) {}

@InputType({ description: "The person's consent, as recordConsent takes it; it is recorded for the person registered above" })
export class RegisterAndReferConsentInput extends OmitType(RecordConsentInput, ['subjectId', 'idempotencyKey'] as const, InputType) {}

@InputType({ description: 'The referral, as createReferral takes it; it is made for the person and under the consent above' })
export class RegisterAndReferReferralInput extends OmitType(
  CreateReferralInput,
  ['subjectId', 'consentId', 'idempotencyKey'] as const,
  InputType,
) {}

@InputType()
export class RegisterAndReferInput {
  @IdempotencyKeyField('the person, consent and referral already made')
  idempotencyKey?: string;

  @Field(() => RegisterAndReferSubjectInput)
  @ValidateNested()
  @Type(() => RegisterAndReferSubjectInput)
  subject: RegisterAndReferSubjectInput;

  @Field(() => RegisterAndReferConsentInput)
  @ValidateNested()
  @Type(() => RegisterAndReferConsentInput)
  consent: RegisterAndReferConsentInput;

  @Field(() => RegisterAndReferReferralInput)
  @ValidateNested()
  @Type(() => RegisterAndReferReferralInput)
  referral: RegisterAndReferReferralInput;

  @Field({ defaultValue: true, description: 'true (the default): submit the referral to its receiver at once; false: keep it as a draft' })
  @IsBoolean()
  submit: boolean;
}

@ObjectType()
export class RegisterAndReferPayload {
  @Field(() => SubjectEntity)
  subject: SubjectEntity;

  @Field(() => ConsentEntity)
  consent: ConsentEntity;

  @Field(() => ReferralEntity)
  referral: ReferralEntity;
}
