import type { NextFunction, Request, Response } from 'express';

const EVERY_ANSWER: [string, string][] = [
  ['Cache-Control', 'no-store'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Referrer-Policy', 'no-referrer'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
];

const PRODUCTION: [string, string][] = [
  // GraphiQL (development only) needs scripts; the production API serves JSON and nothing else.
  ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
  ['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'],
];

/**
 * Headers for every answer. Answers of the API carry personal data, so nothing
 * may cache them; nothing may frame them or guess their type. Set with Node's
 * own setHeader: Express's `set` checks every value for a content type, which
 * on every request came to about 3% of an inbox page's main-thread time.
 */
export function securityHeaders(production: boolean) {
  const headers = production ? [...EVERY_ANSWER, ...PRODUCTION] : EVERY_ANSWER;
  return (_request: Request, response: Response, next: NextFunction) => {
    for (const [name, value] of headers) response.setHeader(name, value);
    next();
  };
}
