import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { PoolUse } from '../database/pool-use.js';

/** What kind of GraphQL operation a request ran; `unknown` when it never got that far (it did not parse, say). */
export type OperationType = 'query' | 'mutation' | 'subscription' | 'unknown';

/** Which limit refused a request with 429: the requests a minute per token or address, or an organisation's share. */
export type RateLimit = 'requests_per_minute' | 'organisation_share';

/**
 * A GraphQL request takes 2-3 ms on a warm service and a heavy page some tens; the buckets reach from there to the
 * 10 s after which an organisation's waiting request is refused.
 */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The service's Prometheus metrics, in a registry of its own (not prom-client's global one), so that every
 * application in a process (the test suites start several) counts for itself.
 *
 * Labels take values from small fixed sets only (operation types, error codes, limits): never an operation's name, a
 * message, an organisation or anything else a client chooses. A label a client could fill would let it grow the
 * series without bound, and would put what people type into the operators' monitoring.
 */
export class ServiceMetrics {
  readonly registry = new Registry();

  readonly graphqlRequests = new Counter({
    name: 'ravot_graphql_requests_total',
    help: 'GraphQL requests answered, by operation type and outcome (error: the answer holds at least one error)',
    labelNames: ['operation', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly graphqlDuration = new Histogram({
    name: 'ravot_graphql_request_duration_seconds',
    help: 'Time from a GraphQL request reaching the GraphQL server to its answer being ready, by operation type',
    labelNames: ['operation'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly graphqlErrors = new Counter({
    name: 'ravot_graphql_errors_total',
    help: 'Errors in GraphQL answers, by extensions.code',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  readonly rateLimited = new Counter({
    name: 'ravot_rate_limited_requests_total',
    help: 'Requests refused with HTTP 429, by the limit that refused them',
    labelNames: ['limit'] as const,
    registers: [this.registry],
  });

  /** @param pool read at each scrape, so the hot path pays nothing for the pool's numbers. */
  constructor(pool: () => PoolUse) {
    collectDefaultMetrics({ register: this.registry });
    const poolGauge = (name: string, help: string, read: (use: PoolUse) => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          this.set(read(pool()));
        },
      });
    poolGauge('ravot_database_pool_connections', 'Database connections open in the pool, busy or idle', (use) => use.total);
    poolGauge('ravot_database_pool_idle_connections', 'Database connections open in the pool and idle', (use) => use.idle);
    poolGauge('ravot_database_pool_waiting_requests', 'Requests waiting for a database connection from the pool', (use) => use.waiting);
    poolGauge('ravot_database_pool_max_connections', 'The most connections the pool opens', (use) => use.max);
    for (const operation of ['query', 'mutation'] as const) {
      for (const outcome of ['ok', 'error'] as const) this.graphqlRequests.inc({ operation, outcome }, 0);
    }
    for (const limit of ['requests_per_minute', 'organisation_share'] as const) this.rateLimited.inc({ limit }, 0);
  }

  /** Starts every known error code at zero, so that a rate over a code exists before its first error. */
  knowErrorCodes(codes: Iterable<string>): void {
    for (const code of codes) this.graphqlErrors.inc({ code }, 0);
  }

  refused(limit: RateLimit): void {
    this.rateLimited.inc({ limit });
  }
}
