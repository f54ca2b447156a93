import { createHash } from 'node:crypto';
import type pg from 'pg';
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

/** "Prepared statement already exists" and "does not exist": the server's session and the driver disagree. */
export const SESSION_OUT_OF_STEP = new Set(['42P05', '26000']);

/**
 * Ends a connection whose session no longer matches what the driver believes of it, so that the pool replaces it
 * instead of handing it out to fail every request after this one. (On the embedded database each new connection
 * starts clean; see embedded-session-server.ts.) The request that met it fails as SERVICE_UNAVAILABLE and may be retried.
 */
export function endIfOutOfStep(client: ClientBase, error: unknown): void {
  if (SESSION_OUT_OF_STEP.has((error as { code?: string } | null)?.code ?? '')) void (client as pg.Client).end().catch(() => undefined);
}

async function prepared<T>(client: ClientBase, text: string, values: unknown[]): Promise<T[]> {
  try {
    const { rows } = await client.query({ name: statementName(text), text, values });
    return rows as T[];
  } catch (error) {
    endIfOutOfStep(client, error);
    throw error;
  }
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

/** The driver's own query method of a connection, called as the connection's. */
export type OwnQuery = (...args: unknown[]) => unknown;

/**
 * Puts `wrapper(own)` in place of the connection's query method; the answer puts the driver's own back. For what a
 * connection does differently while one unit of work has it (one query at a time, named statements).
 */
export function replaceQuery(client: ClientBase, wrapper: (own: OwnQuery) => OwnQuery): () => void {
  const original = client.query;
  const ownProperty = Object.prototype.hasOwnProperty.call(client, 'query');
  const own: OwnQuery = (...args) => (original as OwnQuery).apply(client, args);
  client.query = wrapper(own) as typeof client.query;
  return () => {
    if (ownProperty) client.query = original;
    else delete (client as Partial<ClientBase>).query;
  };
}

/**
 * The texts a process names, with a cap each for writes and for reads, so that reads never take a write's place;
 * past its cap, a new text goes unnamed, as before. A text named once is named wherever it runs.
 */
const namedTexts = { write: new Set<string>(), read: new Set<string>() };
const MOST_NAMED_TEXTS = { write: 300, read: 100 };
/** A read whose values number more: a batch's list of keys, a text for each length of the list, not worth a name. */
const MOST_VALUES_OF_A_NAMED_READ = 8;

function mayName(text: string, values: unknown[], kind: 'write' | 'read'): boolean {
  if (namedTexts.write.has(text) || namedTexts.read.has(text)) return true;
  if (namedTexts[kind].size >= MOST_NAMED_TEXTS[kind]) return false;
  if (kind === 'read' && values.length > MOST_VALUES_OF_A_NAMED_READ) return false;
  namedTexts[kind].add(text);
  return true;
}

/**
 * Until the returned function is called, the statements with parameters that TypeORM sends on this connection go as
 * named prepared statements: parsed once per connection. With `plan_cache_mode` at `force_generic_plan` (a write
 * transaction's setting) they are planned once too: planning each statement anew, for the policies of row-level
 * security, was most of a write's time in PostgreSQL (a refer: about 10 of its 15 ms; docs/performance.md). A
 * request's reads keep PostgreSQL's choice of plan and save the parsing, which under row-level security is a
 * statement's rewriting with the policies too (a practice search: 15% of its time in PostgreSQL). The texts come
 * from the code, so they are few; the caps keep texts built from the data (a list of n values) from filling the
 * server's memory with plans.
 */
export function namedStatements(client: ClientBase, kind: 'write' | 'read' = 'write'): () => void {
  return replaceQuery(client, (own) => (...args) => {
    const [text, values] = args;
    if (args.length !== 2 || typeof text !== 'string' || !Array.isArray(values) || values.length === 0) return own(...args);
    if (!mayName(text, values, kind)) return own(...args);
    return (own({ name: statementName(text), text, values }) as Promise<unknown>).catch((error: unknown) => {
      endIfOutOfStep(client, error);
      throw error;
    });
  });
}
