import { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { Logger } from '@nestjs/common';
import type { GraphQLContext } from './request-loaders.js';
import { isExpectedError, isRetryableFailure } from './format-error.js';

const logger = new Logger('GraphQL');

/**
 * Logs each unexpected error once, with the request id the client also got in
 * the x-request-id header. Only the error's name, database code and stack frames
 * are logged: driver messages can quote values, and values can be personal data.
 */
export const errorLoggingPlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ errors, contextValue }) {
        for (const error of errors) {
          if (isExpectedError(error)) continue;
          const original = unwrapResolverError(error) as Error & { code?: string; driverError?: { code?: string } };
          const facts = {
            requestId: contextValue?.req?.id,
            error: original?.name,
            databaseCode: original?.driverError?.code ?? original?.code,
            path: error.path?.join('.'),
          };
          // A connection that broke under a request is the database's trouble, answered as retryable: a warning with
          // its code for the operator, not a fault of the code with its stack.
          if (isRetryableFailure(error)) {
            logger.warn({ msg: 'The database was unavailable while answering a GraphQL request: answered SERVICE_UNAVAILABLE', ...facts });
            continue;
          }
          logger.error({
            msg: 'Unexpected error while answering a GraphQL request',
            ...facts,
            stack: original?.stack?.split('\n').slice(1, 8).join('\n'),
          });
        }
      },
    };
  },
};
