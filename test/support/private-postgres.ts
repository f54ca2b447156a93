import { execFile, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './free-port.js';

const run = promisify(execFile);
const INSTALLS = '/usr/lib/postgresql';

/** The newest PostgreSQL server install (Debian layout), else whatever `initdb` is on the PATH. */
function findBinaries(): string | null {
  if (existsSync(INSTALLS)) {
    const versions = readdirSync(INSTALLS).sort((a, b) => Number(b) - Number(a));
    const found = versions.map((version) => join(INSTALLS, version, 'bin')).find((bin) => existsSync(join(bin, 'initdb')));
    if (found) return found;
  }
  const onPath = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  // Through any symlink, to the directory where pg_ctl and postgres sit beside initdb.
  return onPath.status === 0 ? dirname(realpathSync(onPath.stdout.trim())) : null;
}

/** The OS account that runs the server: initdb refuses root, so root hands over to `postgres`. */
function findServerUser(): { uid: number; gid: number; asRoot: boolean } | string {
  if (process.getuid?.() !== 0) return { uid: process.getuid?.() ?? -1, gid: process.getgid?.() ?? -1, asRoot: false };
  const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (uid.status !== 0) return 'running as root and there is no postgres OS user to run initdb as';
  if (spawnSync('sh', ['-c', 'command -v runuser']).status !== 0)
    return 'running as root without runuser to switch to the postgres OS user';
  return { uid: Number(uid.stdout), gid: Number(gid.stdout), asRoot: true };
}

/**
 * A throwaway PostgreSQL cluster of a test's own, in a temporary directory on a
 * free port with trust authentication, so a test may stop and restart a whole
 * server without touching the shared one other suites and people are using.
 * Commands run asynchronously: the service under test lives in the same
 * process and must keep answering while the server goes down and comes back.
 */
export class PrivatePostgres {
  private constructor(
    private readonly bin: string,
    private readonly asRoot: boolean,
    private readonly directory: string,
    readonly port: number,
  ) {}

  /** Why this machine cannot host a private cluster, or null when it can. */
  static unavailableReason(): string | null {
    if (!findBinaries()) return `no PostgreSQL server binaries (initdb) under ${INSTALLS} or on the PATH`;
    const user = findServerUser();
    return typeof user === 'string' ? user : null;
  }

  static async create(): Promise<PrivatePostgres> {
    const bin = findBinaries();
    const user = findServerUser();
    if (!bin || typeof user === 'string') throw new Error(`No private PostgreSQL here: ${PrivatePostgres.unavailableReason()}`);
    const directory = mkdtempSync(join(tmpdir(), 'ravot-pg-'));
    if (user.asRoot) chownSync(directory, user.uid, user.gid);
    const cluster = new PrivatePostgres(bin, user.asRoot, directory, await freePort());
    try {
      await cluster.pg('initdb', ['-D', cluster.dataDirectory, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
      await cluster.start();
    } catch (error) {
      await cluster.destroy();
      throw error;
    }
    return cluster;
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  private get dataDirectory(): string {
    return join(this.directory, 'data');
  }

  private pg(program: string, args: string[]) {
    const path = join(this.bin, program);
    return this.asRoot ? run('runuser', ['-u', 'postgres', '--', path, ...args]) : run(path, args);
  }

  /** Starts the server and waits until it accepts connections. */
  async start(): Promise<void> {
    // The socket lives in the cluster's own directory, so nothing is shared with the system's server.
    // fsync off only saves time: no machine crash is simulated, and WAL still reaches the OS before a commit is acknowledged.
    const options = `-p ${this.port} -k ${this.directory} -c listen_addresses=127.0.0.1 -c fsync=off`;
    await this.pg('pg_ctl', ['start', '-w', '-t', '30', '-D', this.dataDirectory, '-l', join(this.directory, 'server.log'), '-o', options]);
  }

  /**
   * Stops the server: `fast` rolls back open transactions and checkpoints (an
   * orderly restart), `immediate` kills every process at once, so the next
   * start replays the WAL as after a crash.
   */
  async stop(mode: 'fast' | 'immediate'): Promise<void> {
    await this.pg('pg_ctl', ['stop', '-w', '-t', '30', '-m', mode, '-D', this.dataDirectory]);
  }

  /** One statement on a connection of its own (any earlier connection died with the last restart). */
  async query<T = Record<string, unknown>>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: this.url });
    await client.connect();
    try {
      return (await client.query(sql, parameters)).rows as T[];
    } finally {
      await client.end();
    }
  }

  /** Stops the server if it runs and removes every file of the cluster. */
  async destroy(): Promise<void> {
    if (existsSync(join(this.dataDirectory, 'postmaster.pid'))) await this.stop('immediate').catch(() => undefined);
    rmSync(this.directory, { recursive: true, force: true });
  }
}
