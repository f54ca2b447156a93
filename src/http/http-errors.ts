import { ArgumentsHost, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, ErrorCode } from '../common/errors.js';
import { isRetryableFailure } from '../graphql/format-error.js';
import type { IdentifiedRequest } from '../logging/request-logging.js';

const STATUS_OF: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL_SERVER_ERROR: 500,
};

const CODE_OF_STATUS: Record<number, ErrorCode> = {
  400: 'BAD_USER_INPUT',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

/** The body of every error of a plain HTTP route: the same stable codes as GraphQL's `extensions.code`, and a message for people. */
export interface JsonErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
}

/**
 * The answer to an error of an HTTP route that is not GraphQL (the exchange formats, health, metrics): a domain
 * error answers with its code and the HTTP status that goes with it; anything unexpected answers 500 "Internal
 * server error", and the log gets the request id and the error's class only, never its message (a database error's
 * message can hold a query's values).
 */
export function answerHttpError(exception: unknown, host: ArgumentsHost, logger: Logger): void {
  const http = host.switchToHttp();
  const response = http.getResponse<Response>();
  const body = bodyOf(exception, http.getRequest<IdentifiedRequest>(), logger);
  const retryAfter = exception instanceof DomainError ? exception.details?.retryAfterSeconds : undefined;
  if (typeof retryAfter === 'number') response.setHeader('Retry-After', String(retryAfter));
  response.status(body.statusCode).json(body);
}

/** The JSON body of an error the service itself raises on a route that is not GraphQL. */
export function jsonErrorBody(code: ErrorCode, message: string): JsonErrorBody {
  return { statusCode: STATUS_OF[code], code, message };
}

function bodyOf(exception: unknown, request: IdentifiedRequest, logger: Logger): JsonErrorBody {
  if (exception instanceof DomainError) return jsonErrorBody(exception.code, exception.message);
  if (exception instanceof HttpException && exception.getStatus() < 500) {
    const statusCode = exception.getStatus();
    return { statusCode, code: CODE_OF_STATUS[statusCode] ?? 'BAD_USER_INPUT', message: exception.message };
  }
  const name = exception instanceof Error ? exception.constructor.name : typeof exception;
  if (isRetryableFailure(exception)) {
    // The database connection broke under the request: the client may send it again; the operator gets a warning.
    logger.warn(`The database was unavailable: ${name} answered as 503 (request ${request.id ?? 'unknown'})`);
    return jsonErrorBody('SERVICE_UNAVAILABLE', 'The service is briefly unavailable. Please try again.');
  }
  logger.error(`Unexpected ${name} answered as 500 (request ${request.id ?? 'unknown'})`);
  return { statusCode: 500, code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' };
}
