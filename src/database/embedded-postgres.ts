import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { execFile } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { PoolOptions } from './data-source.js';
import { EmbeddedSessionServer } from './embedded-session-server.js';

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
 * in turn (embedded-session-server.ts). The pool is sized to one, so requests
 * queue for the session in the pool, as they would for a busy server.
 */
export class EmbeddedPostgres {
  private constructor(
    private readonly db: PGlite,
    private readonly server: EmbeddedSessionServer,
    private readonly port: number,
    private readonly lockFile: string | null,
  ) {}

  static async start(dataDir: string): Promise<EmbeddedPostgres> {
    const inMemory = dataDir.startsWith(IN_MEMORY);
    const lockFile = inMemory ? null : acquireLock(resolve(dataDir));
    try {
      const pgdata = join(resolve(dataDir), 'pgdata');
      if (!inMemory && !existsSync(join(pgdata, 'PG_VERSION'))) await createCluster(pgdata);
      const db = await PGlite.create(inMemory ? IN_MEMORY : pgdata, { startParams: START_PARAMS, extensions: EMBEDDED_EXTENSIONS });
      const server = new EmbeddedSessionServer(db);
      return new EmbeddedPostgres(db, server, await server.listen('127.0.0.1'), lockFile);
    } catch (error) {
      if (lockFile) rmSync(lockFile, { force: true });
      throw error;
    }
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** The pool for this database: one connection. */
  pool(idleTimeoutMs = 0): Omit<PoolOptions, 'entities'> {
    return { poolSize: 1, idleTimeoutMs };
  }

  async stop(): Promise<void> {
    await this.server.close();
    await this.db.close();
    if (this.lockFile) rmSync(this.lockFile, { force: true });
  }
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
 * PostgreSQL's WebAssembly on V8's baseline compiler only (--liftoff-only, as `npm start` runs the service): in a run
 * this short, optimising it cost a third more CPU (4.2 s against 5.7 s user time here, `/usr/bin/time`).
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
