import { ApolloDriverConfig } from '@nestjs/apollo';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import depthLimit from 'graphql-depth-limit';
import { AuthenticatedRequest } from '../auth/request-of.js';
import { AppConfig } from '../config/app-config.js';
import { costLimitsPlugin } from './cost-limits.js';
import { errorLoggingPlugin } from './error-logging.plugin.js';
import { formatError } from './format-error.js';
import { LoaderFactory } from './loader.factory.js';
import { GraphQLContext } from './request-loaders.js';
import { shareEmptyArguments } from '../fast-path/shared-empty-arguments.js';
import { sharedReadsPlugin } from './shared-reads.plugin.js';

export function graphqlOptions(config: AppConfig, loaders: LoaderFactory): ApolloDriverConfig {
  shareEmptyArguments();
  return {
    path: '/graphql',
    // The committed schema.graphql is written by `npm run schema:print` and checked by a test.
    autoSchemaFile: true,
    sortSchema: true,
    graphiql: !config.isProduction,
    introspection: !config.isProduction,
    hideSchemaDetailsFromClientErrors: config.isProduction,
    includeStacktraceInErrorResponses: false,
    // Depth during validation, page sizes and the cost budget right after it: all before any SQL runs.
    validationRules: [depthLimit(config.GRAPHQL_MAX_DEPTH)],
    formatError,
    // Answers are private and never cached; the cache-control plugin would also wrap every field resolver.
    plugins: [costLimitsPlugin(config.GRAPHQL_MAX_COST), errorLoggingPlugin, sharedReadsPlugin, ApolloServerPluginCacheControlDisabled()],
    context: ({ req }: { req: AuthenticatedRequest }): GraphQLContext => ({ req, loaders: loaders.create(req) }),
  };
}
