import { createHash, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { NetworkBootstrapService } from '../../src/organisations/network-bootstrap.service.js';
import { embeddedDataFolder } from './embedded-template.js';

/**
 * What every suite on a database shares, whether it talks to the service over HTTP (TestApp) or to its services
 * directly (TestServices): where the database is, the environment the service reads, and the first parties.
 */

/**
 * The database the suites run against: TEST_DATABASE_URL, else DATABASE_URL,
 * else an embedded PostgreSQL of its own for each TestApp or TestServices.
 */
// Pinned in the environment on first use: a suite that points DATABASE_URL at a database of its own
// must not change where the next suite in the same worker runs.
process.env.TEST_DATABASE_URL ||= process.env.DATABASE_URL || '';
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;
export const ON_EMBEDDED = TEST_DATABASE_URL === '';

export function useTestEnvironment(overrides: Record<string, string> = {}): void {
  process.env.NODE_ENV = 'test';
  process.env.LOG_LEVEL ??= 'error';
  process.env.RAVOT_AUTO_BOOTSTRAP = 'false';
  // Suites share a database and each moves its own clock: the scheduler runs only where a suite starts it.
  process.env.RAVOT_SCHEDULER_INTERVAL_MS = '0';
  process.env.RAVOT_WEBHOOK_INTERVAL_MS = '0';
  // Suites read back what they wrote, on clocks of their own: nothing is removed unless a suite asks for it.
  process.env.RAVOT_EVENT_RETENTION_DAYS = '0';
  if (ON_EMBEDDED) {
    delete process.env.DATABASE_URL;
    process.env.RAVOT_DATA_DIR = 'memory://';
  } else {
    process.env.DATABASE_URL = TEST_DATABASE_URL;
    // The suites share the database, and a database takes one master key (the service checks it at start): one key
    // per test database, the same in every worker and every run against it.
    process.env.RAVOT_MASTER_KEY ??= createHash('sha256').update(`RAVOT test key for ${TEST_DATABASE_URL}`).digest('base64');
  }
  Object.assign(process.env, overrides);
}

/**
 * The environment for one test service, and its data folder on the embedded database (null on a server), which
 * `removeTestData` removes. In memory, PGlite would run initdb and every migration again; a copy of a migrated
 * cluster opens in a tenth of the time.
 */
export async function prepareTestDatabase(overrides: Record<string, string>): Promise<string | null> {
  useTestEnvironment(overrides);
  const dataFolder = process.env.RAVOT_DATA_DIR === 'memory://' ? await embeddedDataFolder() : null;
  if (dataFolder) process.env.RAVOT_DATA_DIR = dataFolder;
  return dataFolder;
}

export function removeTestData(dataFolder: string | null): void {
  if (dataFolder) rmSync(dataFolder, { recursive: true, force: true });
}

export const unique = (label: string) => `${label} ${randomUUID().slice(0, 8)}`;

export interface Party {
  organisationId: string;
  memberId: string;
  token: string;
}

/** A network administration of its own (an organisation whose first member is NETWORK_ADMIN and ORG_ADMIN). */
export async function networkAdministration(bootstrap: NetworkBootstrapService): Promise<Party> {
  const created = await bootstrap.createAdministration({
    name: unique('Secretariat'),
    country: 'NL',
    adminName: 'Network admin',
    adminEmail: `${randomUUID()}@secretariat.example`,
  });
  return { organisationId: created.organisation.id, memberId: created.firstAdmin.id, token: created.firstAdminToken.token };
}
