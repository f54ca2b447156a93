import { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { createValidationPipe } from './common/validation.js';
import { AppConfig } from './config/app-config.js';
import { countStatementsPerRequest, installStatementCounter } from './database/statement-counter.js';

/** What the running service and the integration tests configure alike. */
export function configureApp(app: INestApplication): void {
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(createValidationPipe());
  (app as NestExpressApplication).disable('x-powered-by');
  app.enableShutdownHooks();
  if (app.get(AppConfig).countsStatements) {
    installStatementCounter();
    app.use(countStatementsPerRequest);
  }
}
