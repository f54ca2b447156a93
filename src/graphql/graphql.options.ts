import { ApolloDriverConfig } from '@nestjs/apollo';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { AuthenticatedRequest } from '../auth/request-of.js';
import { AppConfig } from '../config/app-config.js';
import { graphiqlLandingPage } from './graphiql/graphiql-page.js';
import { costLimitsPlugin } from './cost-limits.js';
import { documentLimitRules, MAX_TOKENS } from './document-limits.js';
import { errorLoggingPlugin } from './error-logging.plugin.js';
import { formatError } from './format-error.js';
import { LoaderFactory } from './loader.factory.js';
import { GraphQLContext } from './request-loaders.js';
import { shareEmptyArguments } from '../fast-path/shared-empty-arguments.js';
import { sharedReadsPlugin } from './shared-reads.plugin.js';
import { rateLimitedStatusPlugin } from './rate-limited-status.plugin.js';
import { httpStatusPlugin } from './http-status.plugin.js';
import { metricsPlugin } from './metrics.plugin.js';
import type { ServiceMetrics } from '../metrics/service-metrics.js';

/** Where the GraphQL endpoint answers. */
export const GRAPHQL_PATH = '/graphql';

export function graphqlOptions(config: AppConfig, loaders: LoaderFactory, metrics: ServiceMetrics | null = null): ApolloDriverConfig {
  shareEmptyArguments();
  return {
    path: GRAPHQL_PATH,
    // The committed schema.graphql is written by `npm run schema:print` and checked by a test.
    autoSchemaFile: true,
    sortSchema: true,
    // Our own GraphiQL page (graphiqlLandingPage), outside production; Nest's loads its files from a CDN.
    graphiql: false,
    introspection: !config.isProduction,
    hideSchemaDetailsFromClientErrors: config.isProduction,
    includeStacktraceInErrorResponses: false,
    // The document's size while parsing, its depth, aliases and root fields during validation, page sizes and the
    // cost budget right after it: all before any SQL runs.
    parseOptions: { maxTokens: MAX_TOKENS },
    validationRules: documentLimitRules(config.GRAPHQL_MAX_DEPTH),
    // Automatic persisted queries would let anyone fill the server's cache; no client of this API uses them.
    persistedQueries: false,
    formatError,
    // Answers are private and never cached; the cache-control plugin would also wrap every field resolver.
    // Nest would set every answer that has `data` back to 200; only a refusal for an organisation's share
    // (rateLimitedStatusPlugin, 429) sets another status during execution.
    preserveHttpStatusForExecutionErrors: false,
    plugins: [
      costLimitsPlugin(config.GRAPHQL_MAX_COST),
      errorLoggingPlugin,
      sharedReadsPlugin,
      rateLimitedStatusPlugin,
      httpStatusPlugin,
      ApolloServerPluginCacheControlDisabled(),
      ...(metrics ? [metricsPlugin(metrics)] : []),
      ...(config.isProduction ? [] : [graphiqlLandingPage()]),
    ],
    context: ({ req }: { req: AuthenticatedRequest }): GraphQLContext => ({ req, loaders: loaders.create(req) }),
  };
}
