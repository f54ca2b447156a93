/**
 * What the metrics cost a request and a scrape, measured in-process without HTTP or a database:
 *
 *   npm run bench:build --silent && node dist/bench/metrics-overhead.js [--requests 1000000]
 *
 * It drives the GraphQL metrics plugin's two hooks as Apollo calls them for one request (an answer without errors,
 * and one with an error), against a plugin that does nothing, and times a scrape of the whole registry (default
 * metrics included). A request of the service takes 2-3 ms, so a microsecond here is under a thousandth of it.
 */
import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import { performance } from 'node:perf_hooks';
import { metricsPlugin } from '../src/graphql/metrics.plugin.js';
import { ServiceMetrics } from '../src/metrics/service-metrics.js';
import { option, parseArgs } from './bench-support.js';

type Context = GraphQLRequestContextWillSendResponse<Record<string, never>>;

const answer = (errors?: { message: string; extensions: { code: string } }[]) =>
  ({
    operation: { operation: 'query' },
    response: { body: { kind: 'single', singleResult: { data: {}, errors } }, http: { headers: new Map() } },
  }) as unknown as Context;

const noPlugin: ApolloServerPlugin = { requestDidStart: async () => ({ willSendResponse: async () => undefined }) };

async function perRequestMicroseconds(plugin: ApolloServerPlugin, context: Context, requests: number): Promise<number> {
  const run = async (count: number) => {
    for (let i = 0; i < count; i++) {
      const listener = await plugin.requestDidStart!(context as never);
      await listener!.willSendResponse!(context);
    }
  };
  await run(Math.min(requests, 100_000)); // warm-up: the optimising compiler
  const started = performance.now();
  await run(requests);
  return ((performance.now() - started) * 1000) / requests;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const requests = Number(option(args, 'requests', '1000000'));
  const metrics = new ServiceMetrics(() => ({ total: 10, idle: 8, waiting: 0, max: 10 }));
  const plugin = metricsPlugin(metrics);
  const ok = answer();
  const failed = answer([{ message: 'x', extensions: { code: 'NOT_FOUND' } }]);

  const bare = await perRequestMicroseconds(noPlugin, ok, requests);
  const counted = await perRequestMicroseconds(plugin, ok, requests);
  const countedError = await perRequestMicroseconds(plugin, failed, requests);

  for (let i = 0; i < 20; i++) await metrics.registry.metrics();
  const scrapes = 200;
  const started = performance.now();
  let size = 0;
  for (let i = 0; i < scrapes; i++) size = (await metrics.registry.metrics()).length;
  const scrapeMs = (performance.now() - started) / scrapes;

  console.log(`| measured (${requests} requests) | µs per request |`);
  console.log('|---|---|');
  console.log(`| hooks of a plugin that does nothing | ${bare.toFixed(2)} |`);
  console.log(`| metrics plugin, answer without errors | ${counted.toFixed(2)} (+${(counted - bare).toFixed(2)}) |`);
  console.log(`| metrics plugin, answer with one error | ${countedError.toFixed(2)} (+${(countedError - bare).toFixed(2)}) |`);
  console.log(`\nA scrape: ${scrapeMs.toFixed(2)} ms for ${size} bytes of text.`);
}

void main();
