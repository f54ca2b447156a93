import { DataCategory } from './consent-terms.js';

/** The sealed pieces of a person's data, and the consent category that governs each. */
export enum PersonalDataKind {
  IDENTITY = 'IDENTITY',
  CONTACT = 'CONTACT',
  HEALTH = 'HEALTH',
  NEEDS = 'NEEDS',
  CASE_HISTORY = 'CASE_HISTORY',
  RETURN_PLAN = 'RETURN_PLAN',
  RISK_ASSESSMENT = 'RISK_ASSESSMENT',
  MESSAGES = 'MESSAGES',
  FOLLOW_UP_REPORT = 'FOLLOW_UP_REPORT',
  /** Free text written about the person's case: reasons (decline, cancel, close, withdrawal, a moved follow-up) and notes. */
  NOTES = 'NOTES',
}

/**
 * RETURN_PLAN (date, route, who meets the person where) is contact data;
 * RISK_ASSESSMENT is shared on the vital-interest basis, not by consent;
 * MESSAGES need an active consent naming the receiver, whatever its categories.
 */
export const GOVERNING_CATEGORY: Record<PersonalDataKind, DataCategory | 'VITAL_INTEREST' | 'ANY'> = {
  IDENTITY: DataCategory.IDENTITY,
  CONTACT: DataCategory.CONTACT,
  HEALTH: DataCategory.HEALTH,
  NEEDS: DataCategory.NEEDS,
  CASE_HISTORY: DataCategory.CASE_HISTORY,
  RETURN_PLAN: DataCategory.CONTACT,
  RISK_ASSESSMENT: 'VITAL_INTEREST',
  MESSAGES: 'ANY',
  // Decided by reportAccess (see decideAccess): the sender needs FOLLOW_UP_REPORTING, even as the owner.
  FOLLOW_UP_REPORT: 'ANY',
  // Read as the thread is: the parties' own words about the case, while a consent names the receiver.
  NOTES: 'ANY',
};

export const SUBJECT_KINDS = [PersonalDataKind.IDENTITY, PersonalDataKind.CONTACT, PersonalDataKind.HEALTH];
export const REFERRAL_KINDS = [
  PersonalDataKind.NEEDS,
  PersonalDataKind.CASE_HISTORY,
  PersonalDataKind.RETURN_PLAN,
  PersonalDataKind.RISK_ASSESSMENT,
];

/** The AAD of a sealed record: a ciphertext copied to another subject, referral or kind will not open. */
export function recordContext(subjectId: string, referralId: string | null, kind: PersonalDataKind | string): string {
  return `${subjectId}:${referralId ?? '-'}:${kind}`;
}
