import type { ApolloServerPlugin } from '@apollo/server';
import { ERROR_CODES } from '../common/errors.js';
import type { OperationType, ServiceMetrics } from '../metrics/service-metrics.js';
import { REQUEST_ERROR_CODES } from './format-error.js';

/** Every code formatError can give; anything else would be a bug there, and is counted as OTHER, never as itself. */
const KNOWN_CODES: ReadonlySet<string> = new Set([...ERROR_CODES, ...REQUEST_ERROR_CODES]);

const codeLabel = (code: unknown) => (typeof code === 'string' && KNOWN_CODES.has(code) ? code : 'OTHER');

/**
 * Counts each GraphQL request by operation type and outcome, times it, counts its errors by code and an
 * organisation's-share refusal as a 429. It reads the answer as sent (after formatError), so it counts the codes
 * clients see. It costs 1-2 µs a request (bench/metrics-overhead.ts), under a thousandth of a request.
 */
export function metricsPlugin(metrics: ServiceMetrics): ApolloServerPlugin {
  metrics.knowErrorCodes([...KNOWN_CODES, 'OTHER']);
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ response, operation }) {
          const type: OperationType = operation?.operation ?? 'unknown';
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          metrics.graphqlDuration.observe({ operation: type }, (performance.now() - started) / 1000);
          metrics.graphqlRequests.inc({ operation: type, outcome: errors?.length ? 'error' : 'ok' });
          if (!errors) return;
          for (const error of errors) metrics.graphqlErrors.inc({ code: codeLabel(error.extensions?.code) });
          if (errors.some((error) => error.extensions?.code === 'RATE_LIMITED')) metrics.refused('organisation_share');
        },
      };
    },
  };
}
