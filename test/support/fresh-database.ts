import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ON_EMBEDDED, TEST_DATABASE_URL } from './test-environment.js';

/**
 * Settings for a TestApp on an empty database of its own: on the embedded
 * database every suite has one anyway; on a server, a new database is created
 * and `drop` removes it.
 */
export async function freshDatabase(): Promise<{ overrides: Record<string, string>; drop: () => Promise<void> }> {
  if (ON_EMBEDDED) return { overrides: {}, drop: async () => undefined };
  const name = `ravot_fresh_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const server = new DataSource({ type: 'postgres', url: TEST_DATABASE_URL });
  await server.initialize();
  await server.query(`CREATE DATABASE ${name}`);
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    overrides: { DATABASE_URL: url.toString() },
    drop: async () => {
      await server.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await server.destroy();
    },
  };
}
