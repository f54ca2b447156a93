import { BadUserInputError } from '../common/errors.js';

/** Which page a listing of the exchange routes asks for, from the `page` (1-based) and `per_page` query parameters. */
export interface PageRequest {
  page: number;
  perPage: number;
}

export function pageRequestOf(
  page: string | undefined,
  perPage: string | undefined,
  defaultPerPage: number,
  maxPerPage: number,
): PageRequest {
  return {
    page: positive('page', page, 1, Number.MAX_SAFE_INTEGER),
    perPage: positive('per_page', perPage, defaultPerPage, maxPerPage),
  };
}

function positive(name: string, text: string | undefined, fallback: number, max: number): number {
  if (text === undefined || text === '') return fallback;
  const value = /^\d{1,15}$/.test(text) ? Number(text) : NaN;
  if (!(value >= 1 && value <= max))
    throw BadUserInputError.at([name], 'wholeNumberInRange', `${name} must be a whole number from 1 to ${max}.`);
  return value;
}
