import { ArgumentsHost, Catch, Logger } from '@nestjs/common';
import { GqlContextType, GqlExceptionFilter } from '@nestjs/graphql';
import { answerHttpError } from './http-errors.js';

/**
 * Hands every GraphQL error to Apollo untouched, where formatError decides
 * what the client sees and errorLoggingPlugin logs the unexpected ones without
 * their messages; the other HTTP routes answer with `answerHttpError`. Nest's default handler would log each error's message and
 * properties, and a database error's properties can hold the values of a query.
 */
@Catch()
export class AllExceptionsFilter implements GqlExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost) {
    if (host.getType<GqlContextType>() === 'graphql') return asError(exception);
    answerHttpError(exception, host, this.logger);
  }
}

/**
 * GraphQL takes what a resolver hands back for the field's value unless it is an
 * Error of this realm: a thrown plain object would be answered as data, and so
 * would Node's own errors (a refused connection) when the service runs inside
 * Jest's VM, where they belong to another realm. Wrapped, they reach formatError
 * as failures, with the driver's code kept so a refused connection still reads
 * as SERVICE_UNAVAILABLE.
 */
function asError(exception: unknown): Error {
  if (exception instanceof Error) return exception;
  const { message, code } = (exception ?? {}) as { message?: unknown; code?: unknown };
  const error = new Error(typeof message === 'string' ? message : 'A value that is not an Error was thrown', { cause: exception });
  return typeof code === 'string' ? Object.assign(error, { code }) : error;
}
