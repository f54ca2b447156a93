/**
 * CPU time per request of scenario 1 (the inbox page of 50), for the service and for the bare baseline: the figure
 * that bounds their throughput ratio on a machine whose cores are the limit, and that holds still on a machine
 * shared with other work, where requests per second swing with whatever else runs.
 *
 *   npm run bench:cpu -- [--database postgres://postgres@127.0.0.1:5432/ravot_bench] [--requests 3000] [--rounds 3]
 *                        [--warmup 1500] [--connections 10] [--before <folder holding another build's dist/>]
 *
 * Each round sends exactly --requests requests (autocannon, --connections at once) to the service, then to the
 * baseline, and reads the user + system CPU time of each process from /proc/<pid>/stat (every thread: the
 * garbage collector's and libuv's too) before and after; and the same of the PostgreSQL backends connected to the
 * benchmark's database, which do the statements' work, and of this process, the load generator. Printed: CPU ms per request of each, per round and as the
 * median of the rounds, and baseline / service, the share of the baseline's throughput that the service could
 * reach if the cores were all there is. `--before` runs the service of another build too (a checkout with its own
 * `dist/` and `node_modules/`), in the same rounds, and prints the change.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, openSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import {
  assertLocal,
  backendMonitor,
  benchName,
  cpuDuring,
  loadState,
  option,
  parseArgs,
  serviceEnvironment,
  serviceEntry,
  START_FLAGS,
} from './bench-support.js';
import { autocannonLoad, importAutocannon, send, Target } from './load.js';
import { INBOX_PAGE } from './scenarios.js';

const args = parseArgs(process.argv.slice(2));
const DATABASE = option(args, 'database', 'postgres://postgres@127.0.0.1:5432/ravot_bench');
const REQUESTS = Math.max(100, Number(option(args, 'requests', '3000')));
const WARMUP = Number(option(args, 'warmup', '1500'));
const ROUNDS = Math.max(1, Math.min(15, Number(option(args, 'rounds', '3'))));
const CONNECTIONS = Math.max(1, Math.min(100, Number(option(args, 'connections', '10'))));
/** Another build of the service (a checkout with its own dist/), measured in the same rounds: a before and after. */
const BEFORE_ROOT = args.has('before') ? resolve(option(args, 'before', '')) : '';
const SERVICE_PORT = Number(option(args, 'port', '3320'));
const BASELINE_PORT = Number(option(args, 'baseline-port', '3321'));
const BEFORE_PORT = Number(option(args, 'before-port', '3322'));
/** The heap bounds `npm start` and the Dockerfile set: the garbage collector's work depends on them. */
const SERVICE_NODE_OPTIONS = option(args, 'service-node-options', START_FLAGS.join(' '));
const PAGE_SIZE = 50;

/** Exactly `amount` requests, `CONNECTIONS` at a time; the non-200 answers counted. */
async function load(target: Target, amount: number): Promise<{ errors: number; seconds: number }> {
  const autocannon = await importAutocannon();
  if (!autocannon) throw new Error('bench:cpu needs autocannon (a devDependency): npm ci');
  const { errors, elapsed } = await autocannonLoad(autocannon, target, CONNECTIONS, { amount });
  return { errors, seconds: elapsed };
}

interface Spent {
  serviceMs: number;
  databaseMs: number;
  /** The load generator's (this process's): the client's share of the cores, which a client elsewhere would not take. */
  clientMs: number;
  rps: number;
}

/** CPU per request of one process (and of the database for it) over `REQUESTS` requests. */
async function spent(target: Target, pid: number, monitor: pg.Client): Promise<Spent> {
  const client = process.cpuUsage();
  const { result, processMs, databaseMs } = await cpuDuring(pid, monitor, () => load(target, REQUESTS));
  const { user, system } = process.cpuUsage(client);
  if (result.errors > 0) throw new Error(`${result.errors} of ${REQUESTS} requests to port ${target.port} failed`);
  return {
    serviceMs: processMs / REQUESTS,
    databaseMs: databaseMs / REQUESTS,
    clientMs: (user + system) / 1000 / REQUESTS,
    rps: REQUESTS / result.seconds,
  };
}

function start(
  name: string,
  root: string,
  script: string,
  scriptArgs: string[],
  env: Record<string, string>,
  nodeArgs: string[] = [],
): ChildProcess {
  mkdirSync(join('bench', '.state'), { recursive: true });
  const log = openSync(join('bench', '.state', `cpu-${name}-${benchName(DATABASE)}.log`), 'w');
  return spawn(process.execPath, [...nodeArgs, join(root, script), ...scriptArgs], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', log, log],
  });
}

async function answers(target: Target, child: ChildProcess): Promise<string> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`The process on port ${target.port} exited with code ${child.exitCode}; see bench/.state/cpu-*.log`);
    const answer = await send(target).catch(() => null);
    if (answer?.status === 200) return answer.body;
    await sleep(250);
  }
  throw new Error(`Nothing answered on port ${target.port} within 90 s`);
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const ms = (value: number) => value.toFixed(3);
const percent = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;

interface Server {
  name: string;
  target: Target;
  process: ChildProcess;
  rounds: Spent[];
}

async function main(): Promise<void> {
  assertLocal(DATABASE);
  const state = loadState(DATABASE);
  const servers: Server[] = [];
  let monitor: pg.Client | undefined;
  const inbox = (port: number): Target => ({
    port,
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${state.receiverToken}` },
    body: JSON.stringify({ query: INBOX_PAGE, variables: { first: PAGE_SIZE } }),
  });
  const service = (name: string, root: string, port: number) => ({
    name,
    target: inbox(port),
    // As node's arguments: NODE_OPTIONS refuses some of V8's flags (--liftoff-only).
    process: start(
      name.replaceAll(' ', '-'),
      root,
      serviceEntry(root),
      [],
      serviceEnvironment(state, port),
      SERVICE_NODE_OPTIONS.split(' ').filter(Boolean),
    ),
    rounds: [],
  });
  try {
    servers.push(service('service', '.', SERVICE_PORT));
    if (BEFORE_ROOT) servers.push(service('service before', BEFORE_ROOT, BEFORE_PORT));
    servers.push({
      name: 'baseline',
      target: { port: BASELINE_PORT, method: 'GET', path: `/?first=${PAGE_SIZE}`, headers: {} },
      process: start(
        'baseline',
        '.',
        'dist/bench/baseline-server.js',
        [String(BASELINE_PORT), state.databaseUrl, state.receiverOrganisationId],
        {},
      ),
      rounds: [],
    });
    // Each answers the same page (the baseline's has no errors field), or nothing is measured.
    for (const server of servers) {
      const page = JSON.parse(await answers(server.target, server.process)) as {
        data?: { referrals: { edges: unknown[] } };
        errors?: unknown[];
      };
      if (page.errors || page.data?.referrals.edges.length !== PAGE_SIZE)
        throw new Error(`The ${server.name} does not answer a page of ${PAGE_SIZE}: ${JSON.stringify(page.errors ?? page.data)}`);
    }
    monitor = await backendMonitor(state.databaseUrl);

    // A process that has just started has not compiled its hot paths yet.
    if (WARMUP > 0) for (const server of servers) await load(server.target, WARMUP);
    console.log(
      `Scenario 1, inbox page of ${PAGE_SIZE} (receiver inbox ${state.receiverInbox} of ${state.referrals} referrals), ` +
        `${REQUESTS} requests per round, ${CONNECTIONS} connections, ${WARMUP} warm-up requests each${BEFORE_ROOT ? `, the service before from ${BEFORE_ROOT}` : ''}`,
    );
    const [ours, floor] = [servers[0], servers.at(-1)!];
    for (let round = 1; round <= ROUNDS; round++) {
      for (const server of servers) server.rounds.push(await spent(server.target, server.process.pid!, monitor!));
      const described = servers.map(
        (server) =>
          `${server.name} ${ms(server.rounds.at(-1)!.serviceMs)} ms (database ${ms(server.rounds.at(-1)!.databaseMs)}, ${server.rounds.at(-1)!.rps.toFixed(0)} req/s)`,
      );
      console.log(
        `  round ${round}: ${described.join(', ')}; baseline / service ${percent(floor.rounds.at(-1)!.serviceMs / ours.rounds.at(-1)!.serviceMs)}`,
      );
    }
    const of = (server: Server, field: keyof Spent) => median(server.rounds.map((round) => round[field]));
    const all = (server: Server) => of(server, 'serviceMs') + of(server, 'databaseMs') + of(server, 'clientMs');
    console.log(`Medians of ${ROUNDS} rounds, CPU ms per request:`);
    for (const server of servers)
      console.log(
        `  ${server.name.padEnd(15)} process ${ms(of(server, 'serviceMs'))}   (its PostgreSQL backends ${ms(of(server, 'databaseMs'))}, the load generator ${ms(of(server, 'clientMs'))}; all ${ms(all(server))})`,
      );
    for (const server of servers.slice(0, -1))
      console.log(
        `  baseline / ${server.name}: the processes ${percent(of(floor, 'serviceMs') / of(server, 'serviceMs'))}; all of it, the throughput ratio that two busy cores allow: ${percent(all(floor) / all(server))}`,
      );
    if (BEFORE_ROOT) {
      const change = (field: keyof Spent) => percent(of(ours, field) / of(servers[1], field) - 1);
      console.log(`  service against the service before: process ${change('serviceMs')}, its PostgreSQL backends ${change('databaseMs')}`);
    }
    console.log(`  load average at the end: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
  } finally {
    await monitor?.end().catch(() => undefined);
    for (const { process: child } of servers) if (child.exitCode === null) child.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  console.error('bench:cpu failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
