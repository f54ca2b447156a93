import { PartnerProfile, ReferralFieldDefinition, ReferralFieldType } from './partner-profile.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * One national field that does not meet the sending country's profile: which field, which rule
 * (a stable name a client can rely on) and a message for people.
 */
export interface ReferralFieldProblem {
  key: string;
  constraint: 'partnerProfileRequires' | 'partnerProfileUnknownField' | 'partnerProfileFieldType' | 'partnerProfileRule';
  message: string;
}

function messageFor(field: ReferralFieldDefinition, value: unknown): string | null {
  switch (field.type) {
    case ReferralFieldType.BOOLEAN:
      return typeof value === 'boolean' ? null : `${field.key} must be true or false`;
    case ReferralFieldType.DATE:
      return typeof value === 'string' && ISO_DATE.test(value) && !Number.isNaN(Date.parse(value))
        ? null
        : `${field.key} must be a date written as YYYY-MM-DD`;
    case ReferralFieldType.CHOICE:
      return typeof value === 'string' && field.options.includes(value) ? null : `${field.key} must be one of ${field.options.join(', ')}`;
    case ReferralFieldType.TEXT:
      return typeof value === 'string' && value.length <= 2000 ? null : `${field.key} must be a text of at most 2000 characters`;
  }
}

/**
 * Checks the country-specific fields of a referral against the sending
 * country's profile: every required field present, every value of its type,
 * no field the profile does not know, and the profile's cross-field rules.
 */
export function validateReferralFields(
  profile: PartnerProfile,
  values: Record<string, unknown>,
  options = { requireAll: true },
): ReferralFieldProblem[] {
  const known = new Map(profile.referralFields.map((field) => [field.key, field]));
  const problems: ReferralFieldProblem[] = Object.keys(values)
    .filter((key) => !known.has(key))
    .map((key) => ({
      key,
      constraint: 'partnerProfileUnknownField',
      message: `${key} is not a field of a referral from ${profile.country}`,
    }));
  for (const field of profile.referralFields) {
    const value = values[field.key];
    if (value === undefined || value === null) {
      if (field.required && options.requireAll) {
        problems.push({
          key: field.key,
          constraint: 'partnerProfileRequires',
          message: `${field.key} is required for a referral from ${profile.country}`,
        });
      }
      continue;
    }
    const message = messageFor(field, value);
    if (message) problems.push({ key: field.key, constraint: 'partnerProfileFieldType', message });
  }
  if (problems.length > 0) return problems;
  return (profile.crossFieldRules ?? [])
    .map((rule) => rule(values))
    .filter((problem) => problem !== null)
    .map((problem) => ({ ...problem, constraint: 'partnerProfileRule' as const }));
}

/** National fields travel as key/value text; this gives each value the type its field declares. */
export function parseNationalFields(
  profile: PartnerProfile | undefined,
  entries: { key: string; value: string }[],
): Record<string, unknown> {
  const types = new Map(profile?.referralFields.map((field) => [field.key, field.type]));
  return Object.fromEntries(
    entries.map(({ key, value }) => {
      if (types.get(key) !== ReferralFieldType.BOOLEAN) return [key, value];
      return [key, value === 'true' ? true : value === 'false' ? false : value];
    }),
  );
}
