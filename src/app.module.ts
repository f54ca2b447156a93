import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { AuthModule } from './auth/auth.module.js';
import { ConsoleModule } from './console/console.module.js';
import { DOMAIN_MODULES } from './domain-modules.js';
import { ExchangeModule } from './exchange/exchange.module.js';
import { AppConfig } from './config/app-config.js';
import { AllExceptionsFilter } from './http/exception.filter.js';
import { graphqlOptions } from './graphql/graphql.options.js';
import { GraphiqlController } from './graphql/graphiql/graphiql.controller.js';
import { HealthController } from './health/health.controller.js';
import { AppLogger } from './logging/app-logger.js';
import { LoaderFactory } from './graphql/loader.factory.js';
import { RequestLoadersModule } from './graphql/request-loaders.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { NODE_TYPES } from './graphql/node.js';
import { NodeResolver } from './graphql/node.resolver.js';
import { NODE_TYPE_LIST } from './node-types.js';
import { ServiceMetrics } from './metrics/service-metrics.js';
import { SchedulerModule } from './scheduler/scheduler.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';

@Module({
  imports: [
    ...DOMAIN_MODULES,
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      imports: [RequestLoadersModule, MetricsModule],
      inject: [AppConfig, LoaderFactory, ServiceMetrics],
      useFactory: graphqlOptions,
    }),
    AuthModule,
    ConsoleModule,
    ExchangeModule,
    MetricsModule,
    // The service's own timed work; the command line and TestServices run without it.
    SchedulerModule,
    WebhooksModule,
  ],
  controllers: [HealthController, GraphiqlController],
  providers: [
    // Global object identification: node(id) knows each domain's types from this list only.
    { provide: NODE_TYPES, useValue: NODE_TYPE_LIST },
    NodeResolver,
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
    { provide: AppLogger, inject: [AppConfig], useFactory: (config: AppConfig) => new AppLogger(config.LOG_LEVEL) },
  ],
})
export class AppModule {}
