import { ApolloServerPlugin } from '@apollo/server';
import { DomainError } from '../common/errors.js';
import { endSharedReads, shareReads, uncheckedCredential } from '../database/request-transaction.js';
import type { GraphQLContext } from './request-loaders.js';

const UNAVAILABLE = {
  message: 'The service is briefly unavailable. Please try again.',
  extensions: { code: 'SERVICE_UNAVAILABLE', retryable: true },
};

/**
 * A query's reads share one transaction (see request-transaction.ts), committed before the answer leaves. If it
 * cannot be committed, the log of the person's data read for the answer is lost, so the answer is not sent: the
 * client gets SERVICE_UNAVAILABLE and may ask again. A query acting on a token still to be checked
 * (CredentialCheck) answers only once the check holds; if it does not, the answer is the check's refusal alone.
 */
export const sharedReadsPlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation }) {
        if (operation?.operation === 'query') shareReads();
      },
      async willSendResponse({ response }) {
        const refusal = await uncheckedCredential()
          ?.checked()
          .then(
            () => undefined,
            (error: unknown) => error,
          );
        const committed = await endSharedReads();
        if (response.body.kind !== 'single' || (committed && !refusal)) return;
        const answer = response.body.singleResult;
        if (!(refusal instanceof DomainError)) {
          response.body.singleResult = { errors: [UNAVAILABLE] };
        } else if (answer.data !== null || !answer.errors?.every((error) => error.extensions?.code === refusal.code)) {
          // Unless the answer is that refusal already (the field whose read carried the check failed with it).
          response.body.singleResult = { data: null, errors: [{ message: refusal.message, extensions: { code: refusal.code } }] };
        }
      },
    };
  },
};
