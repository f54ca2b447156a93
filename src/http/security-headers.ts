import type { NextFunction, Request, Response } from 'express';

/**
 * Headers for every answer. Answers of the API carry personal data, so nothing
 * may cache them; nothing may frame them or guess their type.
 */
export function securityHeaders(production: boolean) {
  return (_request: Request, response: Response, next: NextFunction) => {
    response.set({
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Resource-Policy': 'same-origin',
    });
    if (production) {
      // GraphiQL (development only) needs scripts; the production API serves JSON and nothing else.
      response.set('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
      response.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    }
    next();
  };
}
