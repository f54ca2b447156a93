import { pageRequestOf, PageRequest } from '../page-request.js';

export const DEFAULT_PER_PAGE = 50;
export const MAX_PER_PAGE = 100;

/** Which page a listing asks for, from HSDS's `page` (1-based) and `per_page` query parameters. */
export const pageRequest = (page: string | undefined, perPage: string | undefined): PageRequest =>
  pageRequestOf(page, perPage, DEFAULT_PER_PAGE, MAX_PER_PAGE);

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
