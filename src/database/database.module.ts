import { DynamicModule, Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { connectWithRetry } from './connect-retry.js';
import { createDataSource, EntityClass, migrate } from './data-source.js';
import { EmbeddedPostgres } from './embedded-postgres.js';
import { TenantDatabase } from './tenant-database.js';

const EMBEDDED = Symbol('EmbeddedPostgres');
const ENTITIES = Symbol('Entities');

async function openDatabase(config: AppConfig, embedded: EmbeddedPostgres | null, entities: EntityClass[]): Promise<DataSource> {
  const idleTimeoutMs = config.databaseIdleTimeoutMs;
  const logger = new Logger('Database');
  // A data source whose first connection failed is left as it is and a new one made: TypeORM keeps no state worth
  // reusing from a failed initialize, and a fresh one cannot carry any.
  const dataSource = await connectWithRetry(
    () =>
      (embedded
        ? createDataSource(embedded.url, { entities, ...embedded.pool(idleTimeoutMs) })
        : createDataSource(config.DATABASE_URL!, { entities, poolSize: config.DATABASE_POOL_SIZE, idleTimeoutMs })
      ).initialize(),
    {
      retrySeconds: config.DATABASE_CONNECT_RETRY_SECONDS,
      // Where the server is and who connects stay out of the log: DATABASE_URL may carry a password.
      onRetry: ({ attempt, reason, delayMs }) =>
        logger.warn(
          `The database does not answer yet (${reason}); attempt ${attempt + 1} in ${(delayMs / 1000).toFixed(2)} s, ` +
            `waiting at most ${config.DATABASE_CONNECT_RETRY_SECONDS} s (DATABASE_CONNECT_RETRY_SECONDS)`,
        ),
    },
  );
  await migrate(dataSource, { embedded: embedded !== null });
  return dataSource;
}

@Injectable()
class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(EMBEDDED) private readonly embedded: EmbeddedPostgres | null,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    await this.embedded?.stop();
  }
}

@Global()
@Module({})
export class DatabaseModule {
  /** The database of the given entities, opened and migrated at start. */
  static forRoot(entities: EntityClass[]): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: ENTITIES, useValue: entities },
        {
          provide: EMBEDDED,
          inject: [AppConfig],
          useFactory: async (config: AppConfig) => {
            if (!config.usesEmbeddedDatabase) return null;
            const embedded = await EmbeddedPostgres.start(config.RAVOT_DATA_DIR);
            new Logger('Database').log(`Embedded PostgreSQL (PGlite) started, data in ${config.RAVOT_DATA_DIR}`);
            return embedded;
          },
        },
        { provide: DataSource, inject: [AppConfig, EMBEDDED, ENTITIES], useFactory: openDatabase },
        TenantDatabase,
        DatabaseLifecycle,
      ],
      exports: [DataSource, TenantDatabase],
    };
  }
}
