import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { configureApp } from './app.setup.js';
import { AppConfig, ConfigError, loadConfig } from './config/app-config.js';
import { printCredentials } from './organisations/credentials.js';
import { NetworkBootstrapService } from './organisations/network-bootstrap.service.js';

async function main(): Promise<void> {
  loadConfig(); // fail fast, before anything starts
  const app = await NestFactory.create(AppModule, { bufferLogs: true, abortOnError: false });
  configureApp(app);
  const config = app.get(AppConfig);
  if (config.autoBootstrap) {
    const created = await app
      .get(NetworkBootstrapService)
      .bootstrapIfEmpty()
      .catch(() => null);
    if (created) printCredentials('The network was empty: created its secretariat and first NETWORK_ADMIN.', [created]);
  }
  await app.listen(config.PORT);
  const where = config.usesEmbeddedDatabase ? `embedded PostgreSQL in ${config.RAVOT_DATA_DIR}` : 'PostgreSQL from DATABASE_URL';
  console.log(`RAVOT referral service: GraphQL at http://localhost:${config.PORT}/graphql (${where})`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error('The service could not start:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
