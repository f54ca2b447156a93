import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { execFile } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type pg from 'pg';
import type { PoolOptions } from './data-source.js';

const IN_MEMORY = 'memory://';

/**
 * PGlite's defaults, with less memory held for ever: PostgreSQL's memory lives in the WebAssembly heap, which grows
 * but never shrinks. 16 MB of shared buffers instead of PGlite's 160 MB brought a reopened database from 290 MB to
 * 160 MB RSS and opens it in 0.55 s instead of 0.95 s; the working set of this service's tables fits. PGlite runs
 * PostgreSQL with fsync off (-F): a commit's WAL reaches the operating system before the commit is acknowledged, so
 * a crash or SIGKILL of the process loses no acknowledged write, but a power cut or a crash of the machine may.
 */
const START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB', '-c', 'maintenance_work_mem=16MB'];

/**
 * The contrib extensions the migrations create (practice search: trigram similarity and unaccent). PGlite builds
 * each into its own bundle, loaded only when passed here; a database that has them must always be opened with them.
 */
export const EMBEDDED_EXTENSIONS = { pg_trgm, unaccent };

/**
 * PostgreSQL in-process (PGlite), served on a loopback port so that TypeORM and
 * `pg` talk to it exactly as to a real server.
 *
 * PGlite has a single backend session, which every connection to it shares
 * in turn. The pool is sized to one, so one transaction's statements can never
 * interleave with another's; and since the session outlives any connection,
 * each new connection starts by wiping what the one before left in it (see
 * startCleanSession).
 */
export class EmbeddedPostgres {
  private constructor(
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    private readonly lockFile: string | null,
  ) {}

  static async start(dataDir: string): Promise<EmbeddedPostgres> {
    const inMemory = dataDir.startsWith(IN_MEMORY);
    const lockFile = inMemory ? null : acquireLock(resolve(dataDir));
    try {
      const pgdata = join(resolve(dataDir), 'pgdata');
      if (!inMemory && !existsSync(join(pgdata, 'PG_VERSION'))) await createCluster(pgdata);
      const db = await PGlite.create(inMemory ? IN_MEMORY : pgdata, { startParams: START_PARAMS, extensions: EMBEDDED_EXTENSIONS });
      // Two: a connection the pool has just closed may still be detaching when its successor arrives, and the
      // server would answer that one "Too many connections". The pool never uses more than one at a time.
      const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 2 });
      await server.start();
      return new EmbeddedPostgres(db, server, lockFile);
    } catch (error) {
      if (lockFile) rmSync(lockFile, { force: true });
      throw error;
    }
  }

  get url(): string {
    return `postgres://postgres@${this.server.getServerConn()}/postgres`;
  }

  /** The pool for this database: one connection, each new one started clean. */
  pool(idleTimeoutMs = 0): Omit<PoolOptions, 'entities'> {
    return { poolSize: 1, idleTimeoutMs, onConnect: startCleanSession };
  }

  async stop(): Promise<void> {
    await this.server.stop();
    await this.db.close();
    if (this.lockFile) rmSync(this.lockFile, { force: true });
  }
}

/**
 * A new connection to PGlite meets the session the previous one used: its named prepared statements, its role and
 * settings, cursors, and possibly a pipeline cut off after an error, in which case the server skips every message
 * until it sees a Sync. The driver knows none of that: the first named statement it prepares again fails with
 * "prepared statement already exists" (42P05), on every request from then on; and after a cut-off pipeline the new
 * connection waits for ever. So every new connection first sends a Sync, then DISCARD ALL, which drops prepared
 * statements, cursors, settings and the role. (An explicit transaction left open needs nothing here: PGlite's socket
 * server rolls it back when its connection goes, and serves no other connection until then.) This runs once per
 * connection, and the pool keeps its one connection for ever by default, so requests do not pay for it.
 * test/embedded-session pins each part.
 */
export async function startCleanSession(client: pg.ClientBase): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    client.query({
      submit: (connection: pg.Connection) => void (connection as unknown as { sync(): void }).sync(),
      handleReadyForQuery: () => resolve(),
      handleError: (error: Error) => reject(error),
    } as unknown as pg.Submittable);
  });
  await client.query('DISCARD ALL');
}

export class DataFolderInUseError extends Error {
  constructor(dataDir: string, holder: number) {
    super(
      `the embedded database in ${dataDir} is in use by process ${holder}. Stop that process first (the embedded ` +
        'database serves one process at a time), or set RAVOT_DATA_DIR to another folder.',
    );
  }
}

/**
 * Creates the database cluster (initdb) in a child process. Initdb grows PGlite's heap to about 700 MB, which the
 * process would hold for as long as it runs; the child gives it back when it exits. The cluster is made beside the
 * data folder and renamed into place, so a first start cut short leaves no half-made cluster behind. The child runs
 * PostgreSQL's WebAssembly on V8's baseline compiler only (--liftoff-only): optimising it pays in a long-running
 * service, but in a run this short it cost a third more CPU (4.2 s against 5.7 s user time here, `/usr/bin/time`).
 */
export async function createCluster(pgdata: string): Promise<void> {
  const partial = `${pgdata}.creating`;
  rmSync(partial, { recursive: true, force: true });
  const script = `const { PGlite } = require(process.argv[1]);
    PGlite.create(process.argv[2], { startParams: JSON.parse(process.argv[3]) }).then((db) => db.close())
      .catch((error) => { console.error(error.message); process.exit(1); });`;
  const pglite = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  await promisify(execFile)(process.execPath, ['--liftoff-only', '-e', script, pglite, partial, JSON.stringify(START_PARAMS)]).catch(
    (error: { stderr?: string }) => {
      throw new Error(`could not create the embedded database in ${pgdata}: ${error.stderr?.trim() || error}`);
    },
  );
  renameSync(partial, pgdata);
}

/** PGlite's files must never be opened by two processes at once (a CLI and a running service). */
function acquireLock(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true });
  const lockFile = join(dataDir, 'ravot.lock');
  try {
    const fd = openSync(lockFile, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return lockFile;
  } catch {
    assertDataFolderFree(dataDir);
    rmSync(lockFile, { force: true });
    return acquireLock(dataDir);
  }
}

/** Refuses a data folder whose lock another live process holds (a lock left by a process that ended is no one's). */
export function assertDataFolderFree(dataDir: string): void {
  if (dataDir.startsWith(IN_MEMORY)) return;
  const lockFile = join(resolve(dataDir), 'ravot.lock');
  const holder = existsSync(lockFile) ? Number(readFileSync(lockFile, 'utf8')) : 0;
  if (holder && holder !== process.pid && isAlive(holder)) throw new DataFolderInUseError(resolve(dataDir), holder);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
