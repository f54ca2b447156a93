import { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createValidationPipe } from './common/validation.js';
import { UsageWindows } from './auth/usage-windows.js';
import { VerifiedTokens } from './auth/verified-tokens.js';
import { AppConfig } from './config/app-config.js';
import { requestTransaction } from './database/request-transaction.js';
import { countStatementsPerRequest, installStatementCounter } from './database/statement-counter.js';
import { AppLogger } from './logging/app-logger.js';
import { requestLogging } from './logging/request-logging.js';
import { rateLimit } from './http/rate-limit.js';
import { organisationTurns } from './http/organisation-turns.js';
import { OrganisationShares } from './auth/organisation-shares.js';
import { ServiceGate } from './http/service-gate.js';
import { securityHeaders } from './http/security-headers.js';
import { metricsEndpoint } from './metrics/metrics-endpoint.js';
import { ServiceMetrics } from './metrics/service-metrics.js';

/** What the running service and the integration tests configure alike. */
export function configureApp(app: INestApplication, logger: AppLogger = app.get(AppLogger), gate = new ServiceGate()): void {
  const config = app.get(AppConfig);
  const metrics = app.get<ServiceMetrics, ServiceMetrics | null>(ServiceMetrics);
  app.use(gate.middleware);
  app.useLogger(logger);
  app.use(requestLogging(logger));
  app.useGlobalPipes(createValidationPipe());
  const express = app as NestExpressApplication;
  express.disable('x-powered-by');
  // Answers are no-store, so an ETag could never be used; computing one hashed every body, personal data included.
  express.set('etag', false);
  express.set('trust proxy', 'loopback');
  app.use(securityHeaders(config.isProduction));
  app.use(
    rateLimit(config.RATE_LIMIT_PER_MINUTE, app.get(VerifiedTokens), app.get(UsageWindows), () => metrics?.refused('requests_per_minute')),
  );
  // After the rate limit (a request over it is refused, not queued), before the body parser the service adds at start.
  app.use(organisationTurns(app.get(OrganisationShares), app.get(VerifiedTokens), () => metrics?.refused('organisation_share')));
  // Only while METRICS_TOKEN is set; otherwise /metrics is a path like any unknown one. Behind the rate limit, like
  // every path: a scraper asks a few times a minute, and guesses of the token are slowed like any other request.
  if (metrics && config.METRICS_TOKEN) app.use('/metrics', metricsEndpoint(config.METRICS_TOKEN, metrics));
  // Browser clients from other origins only where configured; by default none.
  if (config.CORS_ORIGINS) app.enableCors({ origin: config.CORS_ORIGINS === '*' ? '*' : config.CORS_ORIGINS.split(','), maxAge: 600 });
  app.use(requestTransaction);
  if (config.countsStatements) {
    installStatementCounter();
    app.use(countStatementsPerRequest);
  }
}
