import type { ApolloServerPlugin } from '@apollo/server';

/**
 * A request refused for its organisation's share answers 429 with Retry-After, like the per-token rate limit:
 * Apollo keeps 200 for an error met during execution, so the status is set here from the answer's errors.
 */
export const rateLimitedStatusPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== 'single') return;
        const refusal = response.body.singleResult.errors?.find((error) => error.extensions?.code === 'RATE_LIMITED');
        if (!refusal) return;
        response.http.status = 429;
        response.http.headers.set('retry-after', String(refusal.extensions?.retryAfterSeconds ?? 1));
      },
    };
  },
};
