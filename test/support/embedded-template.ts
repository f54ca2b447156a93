import { cpSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { createDataSource, migrate } from '../../src/database/data-source.js';
import { createCluster, EmbeddedPostgres } from '../../src/database/embedded-postgres.js';
import { oncePerRun, runHome } from './once-per-run.js';

/**
 * A data folder of its own for one embedded test service, holding a copy of a cluster that is already migrated
 * (or, with `empty`, a new cluster: what initdb makes, without running it again). An in-memory PGlite runs initdb
 * and the migrations at every start (about 3 s); a copy opens in a fraction of it. The service still runs its
 * migrations at start, and finds none pending.
 */
export async function embeddedDataFolder(options: { empty?: boolean } = {}): Promise<string> {
  const folder = mkdtempSync(join(runHome(), 'data-'));
  if (options.empty) copyCluster(await emptyCluster(), folder);
  else await copyMigratedCluster(folder);
  return folder;
}

/** Puts a migrated cluster into a data folder, as a service that has started on it once would leave it. */
export async function copyMigratedCluster(folder: string): Promise<void> {
  const template = await oncePerRun('migrated-cluster', async (made) => {
    copyCluster(await emptyCluster(), made);
    await migrateCluster(made);
  });
  copyCluster(join(template, 'pgdata'), folder);
}

const emptyCluster = async () => join(await oncePerRun('empty-cluster', (made) => createCluster(join(made, 'pgdata'))), 'pgdata');

const copyCluster = (pgdata: string, folder: string) => cpSync(pgdata, join(folder, 'pgdata'), { recursive: true });

async function migrateCluster(dataDir: string): Promise<void> {
  const embedded = await EmbeddedPostgres.start(dataDir);
  const dataSource = createDataSource(embedded.url, { entities: [], ...embedded.pool() });
  try {
    await dataSource.initialize();
    await migrate(dataSource, { embedded: true });
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded.stop();
  }
}
