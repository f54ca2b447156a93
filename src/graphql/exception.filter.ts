import { ArgumentsHost, Catch, HttpException } from '@nestjs/common';
import { GqlContextType, GqlExceptionFilter } from '@nestjs/graphql';
import type { Response } from 'express';

/**
 * Hands every GraphQL error to Apollo untouched, where formatError decides
 * what the client sees and errorLoggingPlugin logs the unexpected ones without
 * their messages. Nest's default handler would log each error's message and
 * properties, and a database error's properties can hold the values of a query.
 */
@Catch()
export class AllExceptionsFilter implements GqlExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost) {
    if (host.getType<GqlContextType>() === 'graphql') return exception;
    const status = exception instanceof HttpException ? exception.getStatus() : 500;
    const message = exception instanceof HttpException && status < 500 ? exception.message : 'Internal server error';
    host.switchToHttp().getResponse<Response>().status(status).json({ statusCode: status, message });
  }
}
