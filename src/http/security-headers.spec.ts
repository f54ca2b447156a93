import type { NextFunction, Request, Response } from 'express';
import { securityHeaders } from './security-headers.js';

function headersOf(production: boolean): Map<string, string> {
  const set = new Map<string, string>();
  const response = {
    setHeader: (name: string, value: string) => set.set(name.toLowerCase(), String(value)),
    removeHeader: () => undefined,
  };
  let passed = false;
  securityHeaders(production)({} as Request, response as unknown as Response, (() => (passed = true)) as NextFunction);
  expect(passed).toBe(true);
  return set;
}

describe('security headers', () => {
  it('allow nothing to load, frame or cache a production answer, and ask for HTTPS', () => {
    const headers = headersOf(true);
    expect(headers.get('content-security-policy')).toBe("default-src 'none';frame-ancestors 'none'");
    expect(headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    expect(headers.get('cache-control')).toBe('no-store');
  });

  it("let GraphiQL's page load its files from the service only, outside production, without HSTS on plain HTTP", () => {
    const headers = headersOf(false);
    expect(headers.get('content-security-policy')).toMatch(/^default-src 'self';.*frame-ancestors 'none'$/);
    expect(headers.has('strict-transport-security')).toBe(false);
    expect(headers.get('cache-control')).toBe('no-store');
  });
});
