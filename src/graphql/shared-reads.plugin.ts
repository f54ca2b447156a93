import { ApolloServerPlugin } from '@apollo/server';
import { endSharedReads, shareReads } from '../database/request-transaction.js';
import type { GraphQLContext } from './request-loaders.js';

const UNAVAILABLE = {
  message: 'The service is briefly unavailable. Please try again.',
  extensions: { code: 'SERVICE_UNAVAILABLE', retryable: true },
};

/**
 * A query's reads share one transaction (see request-transaction.ts), committed before the answer leaves. If it
 * cannot be committed, the log of the person's data read for the answer is lost, so the answer is not sent: the
 * client gets SERVICE_UNAVAILABLE and may ask again.
 */
export const sharedReadsPlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation }) {
        if (operation?.operation === 'query') shareReads();
      },
      async willSendResponse({ response }) {
        if (await endSharedReads()) return;
        if (response.body.kind === 'single') response.body.singleResult = { errors: [UNAVAILABLE] };
      },
    };
  },
};
