import { hash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

const WINDOW_MS = 60_000;

/**
 * A fixed one-minute window per API token (per client address without one).
 * In memory: each replica counts its own requests, so behind a load balancer
 * the effective limit is the limit times the replicas.
 */
export function rateLimit(perMinute: number, now: () => number = Date.now) {
  const windows = new Map<string, { startedAt: number; count: number }>();
  let lastSweep = now();
  return (request: Request, response: Response, next: NextFunction) => {
    const at = now();
    if (at - lastSweep > WINDOW_MS) {
      for (const [key, window] of windows) if (at - window.startedAt >= WINDOW_MS) windows.delete(key);
      lastSweep = at;
    }
    const authorization = request.headers.authorization;
    // The token itself never stays in memory: only a hash of it is a key here (one-shot: no Hash object per request).
    const key = authorization ? `t:${hash('sha256', authorization, 'base64url')}` : `a:${request.ip}`;
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
            message: `Too many requests: at most ${perMinute} a minute per token. Try again in ${retryAfter} seconds.`,
            extensions: { code: 'RATE_LIMITED', retryAfterSeconds: retryAfter },
          },
        ],
      });
  };
}
