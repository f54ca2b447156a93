import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';

const IN_MEMORY = 'memory://';

/**
 * PostgreSQL in-process (PGlite), served on a loopback port so that TypeORM and
 * `pg` talk to it exactly as to a real server.
 *
 * PGlite has a single backend session. The socket server accepts one
 * connection at a time and the pool is sized to one, so one transaction's
 * statements can never interleave with another's (see test/embedded-database).
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
      const db = await PGlite.create(inMemory ? IN_MEMORY : join(resolve(dataDir), 'pgdata'));
      const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 1 });
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

  async stop(): Promise<void> {
    await this.server.stop();
    await this.db.close();
    if (this.lockFile) rmSync(this.lockFile, { force: true });
  }
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
    const holder = Number(readFileSync(lockFile, 'utf8'));
    if (holder && holder !== process.pid && isAlive(holder)) {
      throw new Error(
        `The embedded database in ${dataDir} is in use by process ${holder}. Stop that process first: the embedded PostgreSQL serves one process at a time.`,
      );
    }
    rmSync(lockFile, { force: true });
    return acquireLock(dataDir);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
