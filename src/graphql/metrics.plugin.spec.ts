import type { GraphQLRequestContextWillSendResponse } from '@apollo/server';
import { ServiceMetrics } from '../metrics/service-metrics.js';
import { metricsPlugin } from './metrics.plugin.js';

type Answered = GraphQLRequestContextWillSendResponse<Record<string, never>>;

/** One request through the plugin's hooks, answered with these (already formatted) errors. */
async function answer(metrics: ServiceMetrics, operation: 'query' | 'mutation' | undefined, codes: unknown[]) {
  const plugin = metricsPlugin(metrics);
  const context = {
    operation: operation && { operation },
    response: {
      body: {
        kind: 'single',
        singleResult: { data: null, errors: codes.length ? codes.map((code) => ({ message: 'm', extensions: { code } })) : undefined },
      },
    },
  } as unknown as Answered;
  const listener = await plugin.requestDidStart!(context as never);
  await listener!.willSendResponse!(context);
}

const value = async (metrics: ServiceMetrics, name: string, labels: Record<string, string>) =>
  (await metrics.registry.getSingleMetric(name)!.get()).values.find((sample) =>
    Object.entries(labels).every(([label, wanted]) => sample.labels[label] === wanted),
  )?.value;

describe('metricsPlugin', () => {
  const pool = () => ({ total: 1, idle: 1, waiting: 0, max: 1 });

  it("counts an organisation's-share refusal as a 429, apart from the per-minute limit", async () => {
    const metrics = new ServiceMetrics(pool);
    await answer(metrics, 'mutation', ['RATE_LIMITED']);
    expect(await value(metrics, 'ravot_rate_limited_requests_total', { limit: 'organisation_share' })).toBe(1);
    expect(await value(metrics, 'ravot_rate_limited_requests_total', { limit: 'requests_per_minute' })).toBe(0);
    expect(await value(metrics, 'ravot_graphql_errors_total', { code: 'RATE_LIMITED' })).toBe(1);
    expect(await value(metrics, 'ravot_graphql_requests_total', { operation: 'mutation', outcome: 'error' })).toBe(1);
  });

  it('counts a code outside the known set as OTHER, never as a label of its own', async () => {
    const metrics = new ServiceMetrics(pool);
    await answer(metrics, 'query', ['Ilona Kovács not found', 42, undefined, 'NOT_FOUND']);
    const codes = (await metrics.registry.getSingleMetric('ravot_graphql_errors_total')!.get()).values;
    expect(codes.filter((sample) => sample.value > 0).map((sample) => [sample.labels.code, sample.value])).toEqual([
      ['NOT_FOUND', 1],
      ['OTHER', 3],
    ]);
    expect(codes.every((sample) => /^[A-Z_]+$/.test(String(sample.labels.code)))).toBe(true);
  });

  it('counts every error of an answer once, and the request once', async () => {
    const metrics = new ServiceMetrics(pool);
    await answer(metrics, 'query', ['FORBIDDEN', 'FORBIDDEN']);
    await answer(metrics, undefined, []);
    expect(await value(metrics, 'ravot_graphql_errors_total', { code: 'FORBIDDEN' })).toBe(2);
    expect(await value(metrics, 'ravot_graphql_requests_total', { operation: 'query', outcome: 'error' })).toBe(1);
    expect(await value(metrics, 'ravot_graphql_requests_total', { operation: 'unknown', outcome: 'ok' })).toBe(1);
  });
});
