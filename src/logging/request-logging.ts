import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { AppLogger } from './app-logger.js';

/** A request with the id this middleware gives it (read by the logger, the guard and the error formatter). */
export interface IdentifiedRequest extends Request {
  id?: string;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
const UNLOGGED_PATHS = new Set(['/health', '/ready']);

/**
 * A request id on every request (the client's x-request-id when well formed,
 * echoed back) and, at level info, one log line per request with method,
 * path, status and time only: no headers, no query string and no body, because
 * GraphQL variables can hold personal data and headers hold tokens.
 *
 * Not pino-http: it builds two child loggers and three listeners for every
 * request even when its lines are below the level, about 4% of the main
 * thread's time on an inbox page (CPU profile under the benchmark's load).
 */
export function requestLogging(logger: AppLogger): RequestHandler {
  const log = logger.pino;
  return (request: Request, response: Response, next: NextFunction) => {
    const incoming = request.headers['x-request-id'];
    const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    (request as IdentifiedRequest).id = id;
    response.setHeader('x-request-id', id);
    const path = request.url.split('?')[0];
    if (log.isLevelEnabled('info') && !UNLOGGED_PATHS.has(path)) {
      const startedAt = Date.now();
      // 'close' comes after 'finish' for an answered request, and alone for one the client gave up on.
      response.once('close', () => {
        const statusCode = response.statusCode;
        log.info(
          { req: { id, method: request.method, path }, res: { statusCode }, responseTime: Date.now() - startedAt },
          !response.writableFinished ? 'request aborted' : statusCode >= 500 ? 'request errored' : 'request completed',
        );
      });
    }
    next();
  };
}
