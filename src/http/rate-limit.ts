import type { NextFunction, Request, Response } from 'express';
import { VerifiedTokens } from '../auth/verified-tokens.js';

const WINDOW_MS = 60_000;

/**
 * A fixed one-minute window per API token that has authenticated, per client address otherwise (no token, a
 * made-up one, or a real one on its first request): inventing tokens gains no budget.
 * In memory: each replica counts its own requests, so behind a load balancer
 * the effective limit is the limit times the replicas.
 */
export function rateLimit(perMinute: number, verified: VerifiedTokens, now: () => number = Date.now) {
  const windows = new Map<string, { startedAt: number; count: number }>();
  let lastSweep = now();
  return (request: Request, response: Response, next: NextFunction) => {
    const at = now();
    if (at - lastSweep > WINDOW_MS) {
      for (const [key, window] of windows) if (at - window.startedAt >= WINDOW_MS) windows.delete(key);
      lastSweep = at;
    }
    const authorization = request.headers.authorization;
    const tokenId = authorization ? verified.tokenIdOf(authorization) : undefined;
    const key = tokenId ? `t:${tokenId}` : `a:${request.ip}`;
    let window = windows.get(key);
    if (!window || at - window.startedAt >= WINDOW_MS) {
      window = { startedAt: at, count: 0 };
      windows.set(key, window);
    }
    window.count++;
    if (window.count <= perMinute) return next();
    const retryAfter = Math.max(1, Math.ceil((window.startedAt + WINDOW_MS - at) / 1000));
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
