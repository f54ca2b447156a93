import { ValidateBy, ValidationOptions } from 'class-validator';

/**
 * Something shaped like this service's case reference (`NL-2026-000123`): two
 * letters, a year and six digits, joined by any kind of dash. Letters of either
 * case count, because a reference typed in lower case names the person just as well.
 */
const CASE_REFERENCE = /(?<![\p{L}\p{N}])\p{L}{2}[-\u2010-\u2015\u2212]\d{4}[-\u2010-\u2015\u2212]\d{6}(?!\p{N})/u;

export function containsCaseReference(text: string): boolean {
  return CASE_REFERENCE.test(text);
}

/**
 * Network-wide texts (practices, comments, meetings) hold no personal data: a
 * case reference would tie them to a person, so a text that contains one is refused.
 */
export function NoCaseReference(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'noCaseReference',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || !containsCaseReference(value),
        defaultMessage: (args) =>
          `${args?.property ?? 'text'} must not contain a case reference such as NL-2026-000123: texts shared with the network hold no personal data`,
      },
    },
    options,
  );
}
