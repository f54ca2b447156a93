import type { ApolloServerPlugin } from '@apollo/server';
import type { Request } from 'express';

/** The media type of GraphQL over HTTP whose status codes say whether the request could run at all. */
export const GRAPHQL_RESPONSE_MEDIA_TYPE = 'application/graphql-response+json';
const JSON_MEDIA_TYPE = 'application/json';

/** Statuses the request earned for reasons other than its GraphQL errors (rate limits, methods, server failures). */
const KEPT = (status: number) => status === 429 || status === 405 || status === 406 || status === 415 || status >= 500;

/**
 * One HTTP status policy for every answer that reached GraphQL (docs/api.md#http-statuses), after
 * GraphQL over HTTP: a *request error* (the document does not parse, does not validate, is over the cost
 * or page limits, its variables do not fit) answers 400 to a client that accepts
 * `application/graphql-response+json` and 200 to one that accepts `application/json`, whose clients read
 * `errors` rather than the status. An answer with `data` (field errors included) is 200 for both.
 * Apollo alone would answer 400 to both media types, and the cost plugin's refusals followed it.
 */
export const httpStatusPlugin: ApolloServerPlugin<{ req?: Request }> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response, contextValue }) {
        if (response.body.kind !== 'single') return;
        const status = response.http.status;
        if (status !== undefined && KEPT(status)) return;
        const requestError = response.body.singleResult.data === undefined && (response.body.singleResult.errors?.length ?? 0) > 0;
        if (!requestError) {
          response.http.status = 200;
          return;
        }
        // Apollo negotiates the answer's media type the same way, preferring application/json on a tie.
        const mediaType = contextValue.req?.accepts?.([JSON_MEDIA_TYPE, GRAPHQL_RESPONSE_MEDIA_TYPE]);
        response.http.status = mediaType === GRAPHQL_RESPONSE_MEDIA_TYPE ? 400 : 200;
      },
    };
  },
};
