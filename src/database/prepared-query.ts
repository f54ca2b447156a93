import { createHash } from 'node:crypto';
import type { ClientBase } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import type { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner.js';

const names = new Map<string, string>();

/**
 * A statement's name: derived from its text, so that one name never stands for two texts on a connection. The kind
 * keeps apart the names that the driver keeps track of and the ones a pipeline does (pipelined-query.ts).
 */
export function statementName(text: string, kind: 'prepared' | 'pipelined' = 'prepared'): string {
  const key = `${kind}:${text}`;
  let name = names.get(key);
  if (!name) {
    name = `ravot_${kind === 'prepared' ? '' : 'p_'}${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    names.set(key, name);
  }
  return name;
}

async function prepared<T>(client: ClientBase, text: string, values: unknown[]): Promise<T[]> {
  const { rows } = await client.query({ name: statementName(text), text, values });
  return rows as T[];
}

/**
 * Runs a hot statement as a named prepared statement on the connection of the
 * manager's transaction: PostgreSQL parses it once per connection and, once
 * its plan proves generic, stops planning it, and only the parameters travel
 * on each request. For the few statements every request or page runs; the
 * rest go through TypeORM as usual.
 */
export async function preparedQuery<T = Record<string, unknown>>(manager: EntityManager, text: string, values: unknown[]): Promise<T[]> {
  const runner = manager.queryRunner as PostgresQueryRunner | undefined;
  if (!runner?.isTransactionActive) throw new Error('preparedQuery runs inside a transaction (TenantDatabase.run)');
  return prepared<T>((await runner.connect()) as ClientBase, text, values);
}

/** The same on a connection of the pool, outside any transaction: for the token look-up that opens every request. */
export async function preparedQueryOnPool<T = Record<string, unknown>>(
  dataSource: DataSource,
  text: string,
  values: unknown[],
): Promise<T[]> {
  return onPoolConnection(dataSource, (client) => prepared<T>(client, text, values));
}

/** Work on a connection of the pool, outside any transaction; the connection goes back to the pool after it. */
export async function onPoolConnection<T>(dataSource: DataSource, work: (client: ClientBase) => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner() as PostgresQueryRunner;
  try {
    return await work((await runner.connect()) as ClientBase);
  } finally {
    await runner.release();
  }
}
