import type { NextFunction, Request, Response } from 'express';
import { hash } from 'node:crypto';
import { UsageWindows } from '../auth/usage-windows.js';
import { VerifiedTokens } from '../auth/verified-tokens.js';

/**
 * Requests a minute per API token that has authenticated, per client address otherwise (no token, a made-up one,
 * or a real one on its first request): inventing tokens gains no budget. Counted in UsageWindows, so across
 * replicas on a PostgreSQL server. An address is kept as a hash only.
 */
export function rateLimit(perMinute: number, verified: VerifiedTokens, windows: UsageWindows, onRefusal?: () => void) {
  return (request: Request, response: Response, next: NextFunction) => {
    const authorization = request.headers.authorization;
    const tokenId = authorization ? verified.tokenIdOf(authorization) : undefined;
    const key = tokenId ? `requests:token:${tokenId}` : `requests:address:${hash('sha256', request.ip ?? '', 'base64url')}`;
    if (windows.add(key, 1) <= perMinute) return next();
    const retryAfter = windows.secondsLeft();
    onRefusal?.();
    response
      .status(429)
      .set('Retry-After', String(retryAfter))
      .json({
        errors: [
          {
            message: `Too many requests: at most ${perMinute} a minute ${tokenId ? 'per token' : 'from one address without a known token'}. Try again in ${retryAfter} seconds.`,
            extensions: { code: 'RATE_LIMITED', retryAfterSeconds: retryAfter },
          },
        ],
      });
  };
}
