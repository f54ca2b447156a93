import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import pg from 'pg';
import { npmStartFlags } from '../src/node-flags.js';

/** The node flags `npm start` runs the service with (package.json): the benches measure it as users run it. */
export const START_FLAGS: string[] = npmStartFlags(readFileSync('package.json', 'utf8'));

/**
 * The script `npm start` runs, in a build at `root`: start.js, which gives the service the node flags fit for its
 * database (src/node-flags.ts), or main.js in a build older than it (`--before`).
 */
export const serviceEntry = (root = '.') => (existsSync(join(root, 'dist/src/start.js')) ? 'dist/src/start.js' : 'dist/src/main.js');

/** What the generator leaves for the runner: the database, the bench-only master key and two tokens. */
export interface BenchState {
  file?: string;
  databaseUrl: string;
  referrals: number;
  masterKey: string;
  receiverOrganisationId: string;
  receiverCountry: string;
  receiverInbox: number;
  receiverToken: string;
  senderOrganisationId: string;
  senderToken: string;
}

const STATE_DIR = join('bench', '.state');

/** How a state names an embedded database: by its folder, since its port lives only as long as the process that opened it. */
export const EMBEDDED_URL_PREFIX = 'embedded:';

/** The name of a bench database in file names: the database's, or `embedded-<folder>`. */
export function benchName(databaseUrl: string): string {
  if (databaseUrl.startsWith(EMBEDDED_URL_PREFIX)) return `embedded-${basename(databaseUrl.slice(EMBEDDED_URL_PREFIX.length))}`;
  return new URL(databaseUrl).pathname.slice(1);
}

const stateFile = (databaseUrl: string) => join(STATE_DIR, `${benchName(databaseUrl)}.json`);

export function saveState(state: BenchState): void {
  mkdirSync(STATE_DIR, { recursive: true });
  state.file = stateFile(state.databaseUrl);
  writeFileSync(state.file, JSON.stringify(state, null, 2), { mode: 0o600 });
}

export function loadState(databaseUrl: string): BenchState {
  try {
    return JSON.parse(readFileSync(stateFile(databaseUrl), 'utf8')) as BenchState;
  } catch {
    const flag = databaseUrl.startsWith(EMBEDDED_URL_PREFIX)
      ? `--embedded ${databaseUrl.slice(EMBEDDED_URL_PREFIX.length)}`
      : `--database ${databaseUrl}`;
    throw new Error(`No generated data for ${databaseUrl}: run npm run bench:generate -- ${flag} first.`);
  }
}

export function parseArgs(argv: string[]): Map<string, string> {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i];
    if (!name.startsWith('--')) throw new Error(`Unexpected argument ${name}`);
    const equals = name.indexOf('=');
    if (equals > 0) {
      args.set(name.slice(2, equals), name.slice(equals + 1));
      continue;
    }
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) args.set(name.slice(2), 'true');
    else args.set(name.slice(2), argv[++i]);
  }
  return args;
}

export function option(args: Map<string, string>, name: string, fallback: string): string {
  return args.get(name) ?? fallback;
}

/** The benchmark only ever talks to this machine. */
export function assertLocal(url: string): void {
  const host = new URL(url).hostname;
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host))
    throw new Error(`The benchmark runs against 127.0.0.1 only, not ${host}.`);
}

export async function withDatabase<T>(url: string, work: (db: pg.Client) => Promise<T>): Promise<T> {
  assertLocal(url);
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}

/**
 * The environment the benchmarks start the built service with: production, quiet logs, the generated database and
 * its bench-only master key, and limits so high that one token can drive the whole load (the per-token rate limit
 * and cost budgets would otherwise measure themselves instead).
 */
export function serviceEnvironment(state: BenchState, port: number, embeddedFolder?: string): Record<string, string> {
  return {
    ...(embeddedFolder ? { RAVOT_DATA_DIR: embeddedFolder } : { DATABASE_URL: state.databaseUrl }),
    RAVOT_MASTER_KEY: state.masterKey,
    PORT: String(port),
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    RAVOT_AUTO_BOOTSTRAP: 'false',
    RATE_LIMIT_PER_MINUTE: '100000000',
    COST_PER_MINUTE_PER_TOKEN: '1000000000000',
    COST_PER_MINUTE_PER_ORGANISATION: '1000000000000',
  };
}

/** /proc counts CPU time in ticks of 1/USER_HZ s, 1/100 s on Linux. */
const TICK_MS = 10;

/** User + system CPU time of a process in ms, all its threads; 0 once it is gone. */
function cpuMs(pid: number): number {
  try {
    // Fields after the command's closing parenthesis start at the 3rd; utime and stime are the 14th and 15th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

/** The PostgreSQL backends connected to the benchmark's database (other databases' work is not ours), by pid. */
async function backends(monitor: pg.Client): Promise<Map<number, number>> {
  const { rows } = await monitor.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()`,
  );
  return new Map(rows.map(({ pid }) => [pid, cpuMs(pid)]));
}

/** CPU ms that the backends spent between two readings (a backend that started in between counts from zero). */
const backendsSpent = (before: Map<number, number>, after: Map<number, number>) =>
  [...after].reduce((sum, [pid, ms]) => sum + ms - (before.get(pid) ?? 0), 0);

/**
 * `work`'s answer, and the CPU ms that the process `pid` and the PostgreSQL backends of `monitor`'s database spent
 * while it ran (each read from /proc before and after).
 */
export async function cpuDuring<T>(
  pid: number,
  monitor: pg.Client,
  work: () => Promise<T>,
): Promise<{ result: T; processMs: number; databaseMs: number }> {
  const [ownBefore, databaseBefore] = [cpuMs(pid), await backends(monitor)];
  const result = await work();
  const [ownAfter, databaseAfter] = [cpuMs(pid), await backends(monitor)];
  return { result, processMs: ownAfter - ownBefore, databaseMs: backendsSpent(databaseBefore, databaseAfter) };
}

/**
 * A connection to the benchmark's database that finds the backends working for a server (`backends`). A lost
 * connection (the server restarted) fails the next reading, and so the run, rather than the process at once, which
 * would leave the servers it started running.
 */
export async function backendMonitor(databaseUrl: string): Promise<pg.Client> {
  const monitor = new pg.Client({ connectionString: databaseUrl });
  monitor.on('error', (error) => console.error(`the connection that reads the backends' CPU failed: ${error.message}`));
  await monitor.connect();
  return monitor;
}
