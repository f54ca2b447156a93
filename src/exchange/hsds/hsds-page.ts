import { BadUserInputError } from '../../common/errors.js';

export const DEFAULT_PER_PAGE = 50;
export const MAX_PER_PAGE = 100;

/** Which page a listing asks for, from HSDS's `page` (1-based) and `per_page` query parameters. */
export interface PageRequest {
  page: number;
  perPage: number;
}

export function pageRequest(page: string | undefined, perPage: string | undefined): PageRequest {
  return {
    page: positive('page', page, 1, Number.MAX_SAFE_INTEGER),
    perPage: positive('per_page', perPage, DEFAULT_PER_PAGE, MAX_PER_PAGE),
  };
}

function positive(name: string, text: string | undefined, fallback: number, max: number): number {
  if (text === undefined || text === '') return fallback;
  const value = /^\d{1,15}$/.test(text) ? Number(text) : NaN;
  if (!(value >= 1 && value <= max)) throw new BadUserInputError(`${name} must be a whole number from 1 to ${max}.`);
  return value;
}

/** The page in the shape of HSDS's Page schema (openapi.json, components.schemas.Page), with its contents. */
export function hsdsPage<T>(request: PageRequest, totalItems: number, contents: T[]) {
  const totalPages = Math.ceil(totalItems / request.perPage);
  return {
    total_items: totalItems,
    total_pages: totalPages,
    page_number: request.page,
    size: contents.length,
    first_page: request.page === 1,
    last_page: request.page >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}
