import { hash, randomBytes } from 'node:crypto';

/** `rvl_<secret>`: 256 random bits, so a fast hash (SHA-256) is enough to keep; the prefix tells it from a token. */
export function generateSignInLinkSecret(): string {
  return `rvl_${randomBytes(32).toString('base64url')}`;
}

export const hashSignInLinkSecret = (secret: string): string => hash('sha256', secret, 'hex');

const WELL_FORMED = /^rvl_[A-Za-z0-9_-]{43}$/;

export const isSignInLinkSecret = (value: unknown): value is string => typeof value === 'string' && WELL_FORMED.test(value);
