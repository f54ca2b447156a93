import { createServer } from 'node:net';
import { AppConfig } from './config/app-config.js';
import { checkKeyFiles } from './crypto/master-key.js';
import { assertDataFolderFree } from './database/embedded-postgres.js';

/**
 * The mistakes an operator makes that show without the database or the framework: a data folder another service
 * holds, a damaged key file, a port in use. Loading the framework and the application takes seconds of CPU; checked
 * first, these refusals come at once. Each is checked again where it is used (the port can be taken in between).
 */
export async function preflight(config: AppConfig): Promise<void> {
  if (config.usesEmbeddedDatabase) assertDataFolderFree(config.RAVOT_DATA_DIR);
  checkKeyFiles(config);
  await portIsFree(config.PORT);
}

/** Listens on the port as the service will (every interface), and lets it go at once. */
function portIsFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(port, () => probe.close(() => resolve()));
  });
}
