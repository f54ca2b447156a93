import { registerEnumType } from '@nestjs/graphql';

export enum ConsentPurpose {
  RETURN_ASSISTANCE = 'RETURN_ASSISTANCE',
  REINTEGRATION_SUPPORT = 'REINTEGRATION_SUPPORT',
  FOLLOW_UP_REPORTING = 'FOLLOW_UP_REPORTING',
}

export enum DataCategory {
  IDENTITY = 'IDENTITY',
  CONTACT = 'CONTACT',
  HEALTH = 'HEALTH',
  NEEDS = 'NEEDS',
  CASE_HISTORY = 'CASE_HISTORY',
}

export enum ConsentStatus {
  ACTIVE = 'ACTIVE',
  EXPIRED = 'EXPIRED',
  WITHDRAWN = 'WITHDRAWN',
}

export enum RedactionReason {
  NOT_COVERED = 'NOT_COVERED',
  CONSENT_EXPIRED = 'CONSENT_EXPIRED',
  CONSENT_WITHDRAWN = 'CONSENT_WITHDRAWN',
  ERASED = 'ERASED',
}

registerEnumType(ConsentPurpose, {
  name: 'ConsentPurpose',
  valuesMap: {
    RETURN_ASSISTANCE: { description: 'Preparing and carrying out the return (until the person arrives)' },
    REINTEGRATION_SUPPORT: { description: 'Support after arrival' },
    FOLLOW_UP_REPORTING: { description: 'Reporting follow-ups back to the sender' },
  },
});
registerEnumType(DataCategory, {
  name: 'DataCategory',
  valuesMap: {
    IDENTITY: { description: 'Names, date of birth, gender, languages, dependants' },
    CONTACT: { description: 'Phone, e-mail, address, safe-contact notes and the return plan' },
    HEALTH: { description: 'Health notes' },
    NEEDS: { description: 'The needs of the referral' },
    CASE_HISTORY: { description: 'The case history, with the national fields' },
  },
});
registerEnumType(ConsentStatus, { name: 'ConsentStatus' });
registerEnumType(RedactionReason, { name: 'RedactionReason' });

/** What a consent says, as far as coverage is concerned. */
export interface ConsentTerms {
  recipientOrganisationIds: string[];
  purposes: ConsentPurpose[];
  categories: DataCategory[];
  givenAt: Date;
  expiresAt: Date | null;
  withdrawnAt: Date | null;
}

/** The terms' properties, for a read of just them (a listed referral's consent). */
export const CONSENT_TERMS = [
  'recipientOrganisationIds',
  'purposes',
  'categories',
  'givenAt',
  'expiresAt',
  'withdrawnAt',
] as const satisfies readonly (keyof ConsentTerms)[];

export type Coverage = { covered: true } | { covered: false; reason: RedactionReason };

/** Derived from the dates at the moment asked, so expiry needs no job to take effect. */
export function consentStatus(consent: ConsentTerms, at: Date): ConsentStatus {
  if (consent.withdrawnAt && consent.withdrawnAt <= at) return ConsentStatus.WITHDRAWN;
  if (consent.expiresAt && consent.expiresAt <= at) return ConsentStatus.EXPIRED;
  return ConsentStatus.ACTIVE;
}

/**
 * The one rule for whether a consent lets an organisation see a category of a
 * person's data for a purpose, at a moment. Everything that discloses personal
 * data to another organisation asks this.
 */
export function coverage(
  consent: ConsentTerms | null,
  request: { organisationId: string; purpose: ConsentPurpose; category: DataCategory; at: Date },
): Coverage {
  if (!consent) return { covered: false, reason: RedactionReason.NOT_COVERED };
  const status = consentStatus(consent, request.at);
  if (status === ConsentStatus.WITHDRAWN) return { covered: false, reason: RedactionReason.CONSENT_WITHDRAWN };
  if (status === ConsentStatus.EXPIRED) return { covered: false, reason: RedactionReason.CONSENT_EXPIRED };
  const covers =
    consent.givenAt <= request.at &&
    consent.recipientOrganisationIds.includes(request.organisationId) &&
    consent.purposes.includes(request.purpose) &&
    consent.categories.includes(request.category);
  return covers ? { covered: true } : { covered: false, reason: RedactionReason.NOT_COVERED };
}

/** Coverage for a purpose whatever the category: for what is not one category's data (messages, follow-up reports). */
export function coverageOfAnyCategory(
  consent: ConsentTerms | null,
  request: { organisationId: string; purpose: ConsentPurpose; at: Date },
): Coverage {
  const results = Object.values(DataCategory).map((category) => coverage(consent, { ...request, category }));
  return results.find((result) => result.covered) ?? results[0];
}
