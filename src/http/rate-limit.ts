import type { NextFunction, Request, Response } from 'express';
import { hash } from 'node:crypto';
import { UsageWindows } from '../auth/usage-windows.js';
import { Verified, VerifiedTokens } from '../auth/verified-tokens.js';
import { sessionCredential, sessionIdOf } from '../auth/console-sessions.js';
import { GRAPHQL_PATH } from '../graphql/graphql.options.js';
import { jsonErrorBody } from './http-errors.js';

/**
 * Requests a minute per API token that has authenticated, per client address otherwise (no token, a made-up one,
 * or a real one on its first request): inventing tokens gains no budget. Counted in UsageWindows, so across
 * replicas on a PostgreSQL server. An address is kept as a hash only.
 */
export function rateLimit(perMinute: number, verified: VerifiedTokens, windows: UsageWindows, onRefusal?: () => void) {
  return (request: Request, response: Response, next: NextFunction) => {
    const tokenId = knownCredentialOf(request, verified)?.tokenId;
    const key = tokenId ? `requests:token:${tokenId}` : `requests:address:${hashedAddress(request.ip)}`;
    if (windows.add(key, 1) <= perMinute) return next();
    const retryAfter = windows.secondsLeft();
    onRefusal?.();
    const message = `Too many requests: at most ${perMinute} a minute ${tokenId ? 'per token' : 'from one address without a known token'}. Try again in ${retryAfter} seconds.`;
    refuse(request, response, message, retryAfter);
  };
}

/** The request's client address, as a hash: the rate limit and the turns keep no address itself. */
export const hashedAddress = (ip: string | undefined) => hash('sha256', ip ?? '', 'base64url');

/** The credential a request comes with: its Authorization header, or the console session its cookie names (which counts as the token it was opened with). */
function credentialOf(request: Request): string | undefined {
  const sessionId = request.headers.authorization === undefined ? sessionIdOf(request) : null;
  return sessionId ? sessionCredential(sessionId) : request.headers.authorization;
}

const knownCredentials = new WeakMap<Request, Verified | undefined>();

/**
 * What the request's credential stands for if it authenticated before, or undefined: worked out once a request (a
 * cookie read, a header hashed) for the rate limit and the organisation's turn alike.
 */
export function knownCredentialOf(request: Request, verified: VerifiedTokens): Verified | undefined {
  if (knownCredentials.has(request)) return knownCredentials.get(request);
  const credential = credentialOf(request);
  const known = credential ? verified.of(credential) : undefined;
  knownCredentials.set(request, known);
  return known;
}

/** Answers 429 RATE_LIMITED with Retry-After, in the route's own error shape: GraphQL's errors list, or the JSON error body of the other routes. */
export function refuse(request: Request, response: Response, message: string, retryAfter: number, graphql: { data?: null } = {}): void {
  const body =
    request.path === GRAPHQL_PATH
      ? { errors: [{ message, extensions: { code: 'RATE_LIMITED', retryAfterSeconds: retryAfter } }], ...graphql }
      : jsonErrorBody('RATE_LIMITED', message);
  response.status(429).set('Retry-After', String(retryAfter)).json(body);
}
