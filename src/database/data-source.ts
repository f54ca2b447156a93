import pg from 'pg';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';

/**
 * A connection that always has a listener for its 'error' event. pg-pool takes its own listener off a new
 * connection as it hands it out, and TypeORM's query runner puts one on a tick later. A server that ends the
 * session in between (the ready message and the FATAL of pg_terminate_backend read in one go) would make pg emit
 * 'error' with no listener: an uncaught exception, and the whole service down. Nothing is lost by listening: pg
 * marks the connection unusable, the work on it fails (SERVICE_UNAVAILABLE), and the pool drops it on release.
 */
class AlwaysListenedClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    this.on('error', () => undefined);
  }
}

/** An entity class, as TypeORM maps it. */
export type EntityClass = new () => object;

export interface PoolOptions {
  /** The entity classes (src/entities.ts): the domains build on this folder, so the list comes from above. */
  entities: EntityClass[];
  poolSize: number;
  /** How long an unused connection stays open; 0 keeps it for ever. */
  idleTimeoutMs?: number;
}

export function createDataSource(url: string, { entities, poolSize, idleTimeoutMs = 10_000 }: PoolOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    // PGlite has no uuid-ossp; gen_random_uuid() is built into PostgreSQL 13+.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    poolSize,
    // An unreachable server (a network cut, not a stopped one) fails a request in seconds, as SERVICE_UNAVAILABLE,
    // instead of after the operating system's TCP timeout.
    connectTimeoutMS: 5000,
    applicationName: 'ravot-referral-service',
    extra: { Client: AlwaysListenedClient, idleTimeoutMillis: idleTimeoutMs },
  });
}

const MIGRATION_LOCK = 7_172_024_001;

/**
 * Applies pending migrations. Several replicas (or test workers) may start at
 * once against one server, so a session-level advisory lock, held on a
 * connection of its own, lets one migrate while the others wait. The embedded
 * database serves one process and one connection, so it needs no lock.
 */
export async function migrate(dataSource: DataSource, options: { embedded: boolean }): Promise<void> {
  if (options.embedded) {
    await dataSource.runMigrations({ transaction: 'each' });
    return;
  }
  const lockHolder = dataSource.createQueryRunner();
  await lockHolder.connect();
  try {
    await lockHolder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await lockHolder.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lockHolder.release();
  }
}
