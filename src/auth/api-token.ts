import { hash, randomBytes } from 'node:crypto';

const SCHEME = 'rvt';

export interface NewApiToken {
  /** The secret, shown to its owner once and never stored. */
  token: string;
  prefix: string;
  hash: string;
}

/**
 * `rvt_<prefix>_<secret>`: the prefix is stored in clear so a person can tell
 * tokens apart; the 256-bit secret makes a fast hash (SHA-256) sufficient.
 */
export function generateApiToken(): NewApiToken {
  const prefix = `${SCHEME}_${randomBytes(6).toString('base64url')}`;
  const token = `${prefix}_${randomBytes(32).toString('base64url')}`;
  return { token, prefix, hash: hashApiToken(token) };
}

export function hashApiToken(token: string): string {
  return hash('sha256', token, 'hex');
}

const BEARER = /^Bearer\s+(rvt_[A-Za-z0-9_-]{8}_[A-Za-z0-9_-]{43})$/;

export function tokenFromAuthorizationHeader(header: string | undefined): string | null {
  return header?.trim().match(BEARER)?.[1] ?? null;
}
