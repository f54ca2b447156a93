import { ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import pg from 'pg';
import { npmStartFlags } from '../../src/node-flags.js';
import { freePort } from './free-port.js';
import { copyMigratedCluster } from './embedded-template.js';
import { oncePerRun } from './once-per-run.js';
import { ON_EMBEDDED, TEST_DATABASE_URL } from './test-environment.js';

export const ROOT = new URL('../../', import.meta.url).pathname;
const MAIN = `${ROOT}dist/src/main.js`;
/** What `npm start` runs (it runs MAIN with the node flags fit for the database). */
const START = `${ROOT}dist/src/start.js`;
const CLI = `${ROOT}dist/src/cli.js`;
/** The node flags of `npm start` (package.json). */
const NODE_FLAGS = npmStartFlags(readFileSync(`${ROOT}package.json`, 'utf8'));

/** The test's environment over this process's, without anything inherited that says where a database is. */
export function childEnvironment(env: Record<string, string>): Record<string, string | undefined> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(DATABASE_|TEST_DATABASE_URL|RAVOT_|PORT$|NODE_ENV$|LOG_LEVEL$)/.test(key)),
  );
  return { ...base, LOG_LEVEL: 'warn', ...env };
}

export interface CommandRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A command of the built CLI (`npm run ravot -- <args>`) run to its end from the repository's root, its output
 * read from pipes (so not a terminal), with the same environment rules as the service.
 */
export function runCommand(args: string[], env: Record<string, string>): Promise<CommandRun> {
  const child = spawn(process.execPath, [...NODE_FLAGS, CLI, ...args], {
    cwd: ROOT,
    env: childEnvironment(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Builds the service as `npm start` does (tsc -b: nothing to do when the build is current), once per run. */
export async function buildService(): Promise<void> {
  await oncePerRun('build', async () => {
    await promisify(execFile)(`${ROOT}node_modules/.bin/tsc`, ['-b', 'tsconfig.build.json'], { cwd: ROOT });
    if (!existsSync(MAIN)) throw new Error(`The build wrote no ${MAIN}`);
  });
}

export interface Answer {
  status: number;
  body: { data?: Record<string, any> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] } | string;
}

/**
 * The built service as a child process, started the way `npm start` starts it (the same node flags), with an
 * environment of the test's choosing and nothing inherited that says where a database is.
 */
export class ServiceProcess {
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {
    child.stdout!.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    // 'close', not 'exit': by then everything the process wrote has been read.
    this.exited = new Promise((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  }

  static launch(env: Record<string, string>, port: number): ServiceProcess {
    const child = spawn(process.execPath, [...NODE_FLAGS, START], {
      cwd: ROOT,
      env: { ...childEnvironment(env), PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new ServiceProcess(child, port);
  }

  /** Started and answering /ready, or the reason it is not. */
  static async start(env: Record<string, string>): Promise<ServiceProcess> {
    const service = ServiceProcess.launch(env, await freePort());
    await service.untilReady();
    return service;
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** The bootstrap token a first start on an empty database prints, if it printed one. */
  get token(): string | null {
    return /rvt_[A-Za-z0-9_-]{20,}/.exec(this.stdout)?.[0] ?? null;
  }

  async untilReady(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let exit: unknown = null;
    void this.exited.then((result) => (exit = result));
    while (Date.now() < deadline) {
      if (exit) throw new Error(`The service exited (${JSON.stringify(exit)}): ${this.stderr.slice(-500)}`);
      const ready = await fetch(`http://127.0.0.1:${this.port}/ready`).then(
        (response) => response.ok,
        () => false,
      );
      // The token is printed right after the service starts listening.
      if (ready && this.stdout.includes('RAVOT referral service: GraphQL at')) return;
      await sleep(100);
    }
    throw new Error(`The service did not become ready in ${timeoutMs} ms: ${this.stderr.slice(-500)}`);
  }

  async gql(token: string | null, query: string, variables: Record<string, unknown> = {}): Promise<Answer> {
    const response = await fetch(`http://127.0.0.1:${this.port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    try {
      return { status: response.status, body: JSON.parse(text) };
    } catch {
      return { status: response.status, body: text };
    }
  }

  async ready(): Promise<number> {
    return (await fetch(`http://127.0.0.1:${this.port}/ready`)).status;
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  async stop(): Promise<void> {
    const running = this.child.exitCode === null && this.child.signalCode === null;
    if (running) this.child.kill('SIGTERM');
    const timer = running ? setTimeout(() => this.child.kill('SIGKILL'), 15_000) : undefined;
    await this.exited;
    clearTimeout(timer);
  }

  /** The loopback port the embedded database listens on inside the service (null on a PostgreSQL server). */
  async embeddedDatabasePort(): Promise<number | null> {
    const { stdout } = await promisify(execFile)('ss', ['-Htlnp']);
    const ports = stdout
      .split('\n')
      .filter((line) => line.includes(`pid=${this.pid},`) && line.includes('127.0.0.1:'))
      .map((line) => Number(/127\.0\.0\.1:(\d+)/.exec(line)![1]))
      .filter((port) => port !== this.port);
    return ports[0] ?? null;
  }
}

/** Ends every connection to a loopback port from the server's side (ss -K): as a database that drops its clients. */
export async function dropConnectionsTo(port: number): Promise<void> {
  await promisify(execFile)('ss', ['-K', 'sport', '=', `:${port}`]);
}

/** Whether this machine lets a test end sockets (ss -K needs root and a kernel with socket destroy). */
export function canDropConnections(): string | null {
  if (process.getuid?.() !== 0) return 'ending sockets (ss -K) needs root';
  try {
    execFileSync('ss', ['-V'], { stdio: 'pipe' });
    return null;
  } catch {
    return 'no ss (iproute2) on this machine';
  }
}

/** Ends the service's connections to the test server from the server's side (pg_terminate_backend). */
export async function terminateServiceConnections(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rowCount } = await client.query(
    `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
     WHERE application_name = 'ravot-referral-service' AND datname = current_database() AND pid <> pg_backend_pid()`,
  );
  await client.end();
  return rowCount ?? 0;
}

/**
 * A database of the service's own: a data folder for the embedded one, or a new database on the test server. The
 * embedded folder holds a copy of a migrated cluster (test/support/embedded-template.ts); `firstStart` leaves it
 * empty, so that the service makes the cluster and migrates it itself.
 */
export async function serviceDatabase(
  folder: string,
  options: { firstStart?: boolean } = {},
): Promise<{ env: Record<string, string>; drop: () => Promise<void> }> {
  if (ON_EMBEDDED) {
    if (!options.firstStart) await copyMigratedCluster(folder);
    return { env: { RAVOT_DATA_DIR: folder }, drop: async () => undefined };
  }
  const name = `ravot_lifecycle_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString(), RAVOT_MASTER_KEY: randomBytes(32).toString('base64') },
    drop: async () => {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
