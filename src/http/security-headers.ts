import type { NextFunction, Request, Response } from 'express';

const EVERY_ANSWER: [string, string][] = [
  ['Cache-Control', 'no-store'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Referrer-Policy', 'no-referrer'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
];

// GraphiQL's page (development only) loads its scripts and styles from this service and nowhere else.
const DEVELOPMENT: [string, string][] = [
  [
    'Content-Security-Policy',
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; frame-ancestors 'none'",
  ],
];

const PRODUCTION: [string, string][] = [
  // The production API serves JSON and nothing else.
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
  const headers = [...EVERY_ANSWER, ...(production ? PRODUCTION : DEVELOPMENT)];
  return (_request: Request, response: Response, next: NextFunction) => {
    for (const [name, value] of headers) response.setHeader(name, value);
    next();
  };
}
