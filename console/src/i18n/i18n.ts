import { HU } from './hu.js';
import { NL } from './nl.js';
import { ORGANISATION_HU, ORGANISATION_LABELS, ORGANISATION_NL } from './organisation-texts.js';

export const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'nl', name: 'Nederlands' },
  { code: 'hu', name: 'Magyar' },
] as const;

export type Language = (typeof LANGUAGES)[number]['code'];

/** Translations keyed by the English text (English needs no table); enum values are keys too (`SUBMITTED`). */
const TABLES: Record<Language, Record<string, string>> = {
  en: ORGANISATION_LABELS,
  nl: { ...NL, ...ORGANISATION_NL },
  hu: { ...HU, ...ORGANISATION_HU },
};

/** English labels of enum values, where the value itself does not read well. */
const ENGLISH_LABELS: Record<string, string> = {
  DRAFT: 'Draft',
  SUBMITTED: 'Submitted',
  ACCEPTED: 'Accepted',
  DECLINED: 'Declined',
  RETURNED: 'Returned',
  IN_REINTEGRATION: 'In reintegration',
  CLOSED: 'Closed',
  CANCELLED: 'Cancelled',
  CONSENT_WITHDRAWN: 'Consent withdrawn',
  NOT_COVERED: 'The consent does not cover this',
  CONSENT_EXPIRED: 'The consent has expired',
  ERASED: 'The person’s data was erased',
  RETURN_ASSISTANCE: 'Return assistance',
  REINTEGRATION_SUPPORT: 'Reintegration support',
  FOLLOW_UP_REPORTING: 'Follow-up reporting',
  IDENTITY: 'Identity',
  CONTACT: 'Contact',
  HEALTH: 'Health',
  NEEDS: 'Needs',
  CASE_HISTORY: 'Case history',
  LOW: 'Low',
  MEDIUM: 'Medium',
  HIGH: 'High',
  URGENT: 'Urgent',
  DEBT: 'Debt',
  EXTORTION_OR_PROTECTION_MONEY: 'Extortion or protection money',
  FEAR_OF_DEPORTATION: 'Fear of deportation',
  IRREGULAR_STAY: 'Irregular stay',
  JOURNEY_AND_PAPERS_ARRANGED_BY_OTHERS: 'Journey and papers arranged by others',
  MOST_EARNINGS_HANDED_OVER: 'Most earnings handed over',
  NO_OWN_IDENTITY_DOCUMENTS: 'No own identity documents',
  RESTRICTED_MOVEMENT: 'Restricted movement',
  THREATS_AGAINST_FAMILY: 'Threats against the family',
  WORKING_FOR_A_THIRD_PARTY: 'Working for a third party',
  SEXUAL: 'Sexual exploitation',
  LABOUR: 'Labour exploitation',
  CRIMINAL_ACTIVITIES: 'Forced criminal activities',
  BEGGING: 'Forced begging',
  FORCED_MARRIAGE: 'Forced marriage',
  ORGAN_REMOVAL: 'Organ removal',
  OTHER: 'Other',
  FEMALE: 'Female',
  MALE: 'Male',
  UNKNOWN: 'Unknown',
  SHELTER: 'Shelter',
  MEDICAL: 'Medical care',
  PSYCHOSOCIAL: 'Psychosocial support',
  LEGAL: 'Legal aid',
  EDUCATION: 'Education',
  EMPLOYMENT: 'Employment',
  FINANCIAL: 'Financial support',
  FAMILY_MEDIATION: 'Family mediation',
  RECEPTION_AT_ARRIVAL: 'Reception at arrival',
  DOCUMENTATION: 'Documentation',
  INTERPRETATION: 'Interpretation',
  TRANSPORT: 'Transport',
  DUE: 'Due',
  OVERDUE: 'Overdue',
  UPCOMING: 'Upcoming',
  MISSED: 'Missed',
  ACTIVE: 'Active',
  EXPIRED: 'Expired',
  WITHDRAWN: 'Withdrawn',
  VITAL_INTEREST: 'Shared for safety (vital interest)',
  CONSENT: 'Shared under consent',
  OWNER: 'Your organisation’s own record',
  CASE_WORKER: 'Case worker',
  ANALYST: 'Analyst',
  PRACTICE_EDITOR: 'Practice editor',
  ORG_ADMIN: 'Organisation admin',
  NETWORK_ADMIN: 'Network admin',
  PUBLISHED: 'Published',
  PLANNED: 'Planned',
  HELD: 'Held',
  INVITED: 'Invited',
  CONFIRMED: 'Confirmed',
  ARCHIVED: 'Archived',
  PREVENTION: 'Prevention',
  IDENTIFICATION: 'Identification',
  RETURN: 'Return',
  REINTEGRATION: 'Reintegration',
  PROSECUTION: 'Prosecution',
  COOPERATION: 'Cooperation',
  SENDER_COUNTRY: 'Sender’s country',
  RECEIVER_COUNTRY: 'Receiver’s country',
  YEAR: 'Year',
  STATUS: 'Status',
  EXPLOITATION_TYPE: 'Exploitation',
  GENDER: 'Gender',
  AGE_BAND: 'Age band',
  // The fields a redaction names (src/personal-data/disclosure-fields.ts).
  identity: 'Identity',
  contact: 'Contact',
  health: 'Health',
  needs: 'Needs',
  caseHistory: 'Case history',
  returnPlan: 'Return plan',
  riskAssessment: 'Risk assessment',
  messages: 'Messages',
  report: 'Follow-up report',
  notes: 'Notes',
};

let current: Language = 'en';

export function setLanguage(language: Language): void {
  current = language;
  document.documentElement.lang = language;
}

export const language = (): Language => current;

/** The browser's preferred language among ours, English otherwise. */
export function preferredLanguage(): Language {
  for (const wanted of navigator.languages ?? [navigator.language]) {
    const code = wanted.slice(0, 2).toLowerCase();
    if (LANGUAGES.some((l) => l.code === code)) return code as Language;
  }
  return 'en';
}

/** The text in the user's language; `{name}` placeholders are filled from values. */
export function t(english: string, values: Record<string, string | number> = {}): string {
  const text = TABLES[current][english] ?? ENGLISH_LABELS[english] ?? english;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

const LOCALES: Record<Language, string> = { en: 'en-GB', nl: 'nl-NL', hu: 'hu-HU' };

/** A date or time in the user's locale; a calendar day (YYYY-MM-DD) stays that day in every time zone. */
export function formatDate(value: string | null | undefined, withTime = false): string {
  if (!value) return '–';
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const date = new Date(day ? `${value}T12:00:00Z` : value);
  return new Intl.DateTimeFormat(LOCALES[current], {
    dateStyle: 'medium',
    ...(withTime && !day ? { timeStyle: 'short' } : {}),
    ...(day ? { timeZone: 'UTC' } : {}),
  }).format(date);
}

export const formatNumber = (value: number): string => new Intl.NumberFormat(LOCALES[current]).format(value);

/** A country's name in the user's language (ISO 3166-1 alpha-2 code in, name out). */
export function countryName(code: string): string {
  try {
    return new Intl.DisplayNames([LOCALES[current]], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}
