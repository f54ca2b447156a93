import type { RequestHandler } from 'express';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pinoHttp } from 'pino-http';
import type { AppLogger } from './app-logger.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * A request id on every request (the client's x-request-id when well formed,
 * echoed back) and one log line per request with method, path and status
 * only: no headers, no query string and no body, because GraphQL variables can
 * hold personal data and headers hold tokens.
 */
export function requestLogging(logger: AppLogger): RequestHandler {
  return pinoHttp({
    logger: logger.pino,
    genReqId: (request: IncomingMessage, response: ServerResponse) => {
      const incoming = request.headers['x-request-id'];
      const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
      response.setHeader('x-request-id', id);
      return id;
    },
    serializers: {
      req: (request: { id: string; method: string; url: string }) => ({
        id: request.id,
        method: request.method,
        path: request.url.split('?')[0],
      }),
      res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
    },
    autoLogging: { ignore: (request) => request.url === '/health' || request.url === '/ready' },
  }) as unknown as RequestHandler;
}
