import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { QueryFailedError } from 'typeorm';
import { DomainError, ErrorCode, InputProblem } from '../common/errors.js';
import { driverCodeOf, isConnectionFailure } from '../database/connection-failure.js';

/** Codes Apollo itself gives to requests it rejects before running them; their messages are safe. */
export const REQUEST_ERROR_CODES: ReadonlySet<string> = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

export const INTERNAL_MESSAGE = 'Internal server error';

/**
 * graphql-js stops checking that a document's fields can be merged once the check has cost too much, which only
 * the same fields asked for hundreds of times over can make it do, and says no more than this.
 */
const VALIDATION_ABORTED: Readonly<Record<string, string>> = {
  'Validation aborted.':
    'The document is too costly to check: it asks for the same fields many times over. Ask for each field once in each place.',
};

/** A failure the client may retry or correct, recognised from the database driver's error. */
function databaseFailure(error: unknown): { code: ErrorCode; message: string } | null {
  const unavailable = { code: 'SERVICE_UNAVAILABLE' as const, message: 'The service is briefly unavailable. Please try again.' };
  if (isConnectionFailure(error)) return unavailable;
  const driverCode = driverCodeOf(error);
  if (driverCode === '22021' || driverCode === '22P05') {
    return { code: 'BAD_USER_INPUT', message: 'Invalid input: the text holds characters that cannot be stored.' };
  }
  if (driverCode === '40001' || driverCode === '40P01') {
    return { code: 'CONFLICT', message: 'The record was changed by someone else at the same moment. Please try again.' };
  }
  return null;
}

/**
 * A variable GraphQL itself refused (wrong type, missing field, unknown enum value), in the shape of every input
 * problem. GraphQL names the place as the variable's path ("input.caseHistory.nationalFields[2].value"), which is
 * the argument's path whenever the variable is named after the argument, as in every example of ours.
 */
function typeProblem(message: string): InputProblem {
  const place =
    /^Variable "\$([^"]+)" got invalid value .*? at "([^"]+)"/s.exec(message)?.[2] ?? /^Variable "\$([^"]+)"/.exec(message)?.[1];
  const path = (place ?? '').split(/\.|\[(\d+)\]/).filter((part) => part !== undefined && part !== '');
  return { path: path.map((part) => (/^\d+$/.test(part) ? Number(part) : part)), constraint: 'graphqlType', message };
}

/** Whether an error is the connection's failure rather than the request's: the same request sent again may succeed. */
export function isRetryableFailure(error: unknown): boolean {
  return databaseFailure(unwrapResolverError(error))?.code === 'SERVICE_UNAVAILABLE';
}

/** Whether an error is an expected answer to the client, as opposed to a fault worth logging. */
export function isExpectedError(error: unknown): boolean {
  const original = unwrapResolverError(error);
  if (original instanceof DomainError) return true;
  if (original instanceof GraphQLError && REQUEST_ERROR_CODES.has(String(original.extensions?.code))) return true;
  return false;
}

/**
 * The one place that decides what a client sees of an error: a stable code and
 * a message written for people. Anything unexpected becomes "Internal server
 * error"; the details go to the log (see ErrorLoggingPlugin), never to the client.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const base = { locations: formatted.locations, path: formatted.path };
  const original = unwrapResolverError(error);
  if (original instanceof DomainError) {
    return { ...base, message: original.message, extensions: { code: original.code, ...original.details } };
  }
  const code = String(formatted.extensions?.code ?? '');
  if (code === 'BAD_USER_INPUT' && !(original instanceof QueryFailedError)) {
    const given = formatted.extensions?.problems;
    const problems = Array.isArray(given) ? given : [typeProblem(formatted.message)];
    return { ...base, message: formatted.message, extensions: { code, problems } };
  }
  if (REQUEST_ERROR_CODES.has(code) && !(original instanceof QueryFailedError)) {
    return { ...base, message: VALIDATION_ABORTED[formatted.message] ?? formatted.message, extensions: { code } };
  }
  const failure = databaseFailure(original);
  // The failure was the connection's, not the request's: the same request sent again may well succeed.
  if (failure?.code === 'SERVICE_UNAVAILABLE')
    return { ...base, message: failure.message, extensions: { code: failure.code, retryable: true } };
  if (failure) return { ...base, message: failure.message, extensions: { code: failure.code } };
  return { ...base, message: INTERNAL_MESSAGE, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
