import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { AppConfig, loadConfig } from './config/app-config.js';
import { ServiceGate } from './http/service-gate.js';
import { AppLogger } from './logging/app-logger.js';
import { preflight } from './preflight.js';
import { startupFailure } from './startup-failure.js';
import { settleUrlParseWarning } from './http/url-parse-warning.js';

/**
 * Nest reports a failed start itself, with the whole stack (its exception handler) or the raw error (a port in
 * use); until the service listens, main() says what failed in words instead, so those lines are left out.
 */
class StartupLogger extends AppLogger {
  private starting = true;

  error(message: unknown, ...params: unknown[]) {
    const context = params.at(-1);
    if (this.starting && (context === 'ExceptionHandler' || context === 'NestApplication')) return;
    super.error(message, ...params);
  }

  started(): void {
    this.starting = false;
  }
}

const gate = new ServiceGate('starting');

/** SIGTERM (an orchestrator) or SIGINT (Ctrl-C): drain HTTP, then close the application and the database cleanly. */
function stopOn(app: INestApplication): void {
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await gate.drain(app.getHttpServer());
    const closed = await app.close().then(
      () => true,
      () => false,
    );
    process.exit(closed ? 0 : 1);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  stopWhenOrphaned(stop);
}

/**
 * Under `npm start` the service's parent is the shell that npm runs the script with, and a SIGTERM sent to npm (by
 * systemd, a container runtime, a closed terminal) kills that shell without passing the signal on: the service would
 * run on without its parent. When its parent changes (Linux gives an orphan to init), it stops as on SIGTERM.
 * (`exec` in the script would do it on Unix, and break `npm start` on Windows, whose npm runs scripts with cmd.exe.)
 */
function stopWhenOrphaned(stop: () => void): void {
  if (!process.env.npm_lifecycle_event) return;
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && stop(), 500).unref();
}

async function main(): Promise<void> {
  let config: AppConfig | null = null;
  let app: INestApplication | null = null;
  let logger: StartupLogger | null = null;
  try {
    config = loadConfig(); // fail fast, before anything starts
    logger = new StartupLogger(config.LOG_LEVEL);
    await preflight(config);
    // Only now the framework and the application load (seconds of CPU): a refusal above comes without waiting for them.
    const [{ NestFactory }, { AppModule }, { configureApp }] = await Promise.all([
      import('@nestjs/core'),
      import('./app.module.js'),
      import('./app.setup.js'),
    ]);
    settleUrlParseWarning();
    app = await NestFactory.create(AppModule, { logger, abortOnError: false });
    configureApp(app, logger, gate);
    await app.listen(config.PORT);
    logger.started();
    stopOn(app);
  } catch (error) {
    const message = startupFailure(error, config);
    logger?.fatal({ msg: 'The service could not start', reason: message });
    console.error(`The service could not start: ${message}`);
    await app?.close().catch(() => undefined);
    process.exit(1);
  }
  // Only now that the service listens: a token created by a start that then failed would be shown once and lost.
  if (config.autoBootstrap) {
    const { NetworkBootstrapService } = await import('./organisations/network-bootstrap.service.js');
    const { printCredentials } = await import('./organisations/credentials.js');
    const created = await app
      .get(NetworkBootstrapService)
      .bootstrapIfEmpty()
      .catch((error: unknown) => {
        // The service still answers; the operator must learn why no token was printed, and how to get one.
        logger!.warn(
          `Could not create the network's first administrator (${error instanceof Error ? error.message : String(error)}); ` +
            'restart the service, or run `npm run ravot -- bootstrap`',
          'Bootstrap',
        );
        return null;
      });
    if (created) printCredentials('The network was empty: created its secretariat and first NETWORK_ADMIN.', [created]);
  }
  gate.open();
  const where = config.usesEmbeddedDatabase ? `embedded PostgreSQL in ${config.RAVOT_DATA_DIR}` : 'PostgreSQL from DATABASE_URL';
  console.log(`RAVOT referral service: GraphQL at http://localhost:${config.PORT}/graphql (${where})`);
}

void main();
