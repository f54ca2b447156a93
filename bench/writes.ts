/**
 * The write path under load, beside a bare baseline that performs the same inserts and updates in one hand-written
 * SQL transaction per operation (bench/write-baseline-server.ts):
 *
 *   npm run bench:writes -- [--database postgres://postgres@127.0.0.1:5432/ravot_bench] [--duration 10] [--connections 10]
 *     [--shapes many,busy] [--servers service,baseline] [--operations refer,refer-in-one,accept,message,follow-up]
 *
 * Operations, in the order a case goes: refer (register a person, record consent, create and submit: four requests
 * to the service, one transaction to the baseline), refer in one (the same as one registerAndRefer request), accept, send a message, submit a follow-up report (the arrival
 * in between, which schedules the follow-ups, is set-up and not measured). Two shapes: many organisations, where each
 * connection acts for its own sender and receiver, and one busy organisation, where every connection acts for the
 * same pair. Each organisation's audit chain takes a lock from its first audited write until commit, so one
 * organisation's writes run one at a time: the busy shape shows what that costs.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateApiToken } from '../src/auth/api-token.js';
import pg from 'pg';
import {
  backendMonitor,
  BenchState,
  benchName,
  cpuDuring,
  loadState,
  option,
  parseArgs,
  withDatabase,
  serviceEntry,
  START_FLAGS,
} from './bench-support.js';
import { send } from './load.js';
import { ApiWriteClient, BaselineWriteClient, Case, Lane, WriteClient } from './write-scenarios.js';

const args = parseArgs(process.argv.slice(2));
const DATABASE = option(args, 'database', 'postgres://postgres@127.0.0.1:5432/ravot_bench');
const DURATION_S = Math.min(120, Number(option(args, 'duration', '10')));
const CONNECTIONS = Math.min(50, Number(option(args, 'connections', '10')));
const SERVICE_PORT = Number(option(args, 'port', '3320'));
const BASELINE_PORT = Number(option(args, 'baseline-port', '3321'));
/** Which shapes and servers to run (all by default): `--shapes many,busy`, `--servers service,baseline`. */
const SHAPES = option(args, 'shapes', 'many,busy').split(',');
const SERVERS = option(args, 'servers', 'service,baseline').split(',');
/** Which operations to measure (all by default), e.g. `--operations refer-in-one` to profile one; the rest are skipped. */
const OPERATIONS = option(args, 'operations', 'refer,refer-in-one,accept,message,follow-up').split(',');
/** Node's own flags for the service, e.g. `--service-node-args=--cpu-prof,--cpu-prof-dir=bench/.state/prof` to profile it. */
const SERVICE_NODE_ARGS = [...START_FLAGS, ...option(args, 'service-node-args', '').split(',').filter(Boolean)];

type Operation = 'refer' | 'refer in one' | 'accept' | 'message' | 'follow-up';

interface Row {
  shape: string;
  operation: Operation;
  server: 'service' | 'baseline';
  operations: number;
  errors: number;
  perSecond: number;
  p95: number;
  statements: number;
  /** CPU ms per operation of the server's process and of the PostgreSQL backends (/proc): what bounds the rate when the cores are the limit. */
  processMs: number;
  databaseMs: number;
}

/** What each connection carries from one operation to the next. */
interface Desk {
  lane: Lane;
  submitted: Case[];
  accepted: Case[];
  followUps: string[];
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/**
 * Every desk does `work` again and again, one operation in flight each, until the time is up or it has nothing left
 * to do (accepts and reports consume what the steps before left). Returns the latencies and the statements summed.
 */
async function load(desks: Desk[], seconds: number, work: (desk: Desk) => Promise<number | null>) {
  const latencies: number[] = [];
  let statements = 0;
  let errors = 0;
  let lastEnd = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    desks.map(async (desk) => {
      while (performance.now() < deadline) {
        const at = performance.now();
        try {
          const spent = await work(desk);
          if (spent === null) break;
          statements += spent;
          latencies.push(performance.now() - at);
        } catch (error) {
          if (errors++ === 0) console.error(`  first error: ${(error as Error).message}`);
        }
        lastEnd = Math.max(lastEnd, performance.now());
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const elapsed = (Math.max(lastEnd, started + 1) - started) / 1000;
  return {
    operations: latencies.length,
    errors,
    perSecond: latencies.length / elapsed,
    p95: percentile(latencies, 95),
    statements: statements / latencies.length,
  };
}

/** Where a server runs: its process, and a connection to its database that finds the backends working for it. */
interface Host {
  pid: number;
  monitor: pg.Client;
}

async function runShape(shape: string, server: Row['server'], client: WriteClient, lanes: Lane[], host: Host): Promise<Row[]> {
  const desks: Desk[] = lanes.map((lane) => ({ lane, submitted: [], accepted: [], followUps: [] }));
  const rows: Row[] = [];
  const measure = async (operation: Operation, work: (desk: Desk) => Promise<number | null>) => {
    if (!OPERATIONS.includes(operation.replaceAll(' ', '-'))) return;
    const { result: measured, processMs, databaseMs } = await cpuDuring(host.pid, host.monitor, () => load(desks, DURATION_S, work));
    const per = (ms: number) => ms / Math.max(1, measured.operations);
    const cpu = { processMs: per(processMs), databaseMs: per(databaseMs) };
    rows.push({ shape, operation, server, ...measured, ...cpu });
    console.log(
      `  ${shape}, ${server}, ${operation}: ${measured.perSecond.toFixed(0)}/s, p95 ${measured.p95.toFixed(1)} ms, ` +
        `CPU ${cpu.processMs.toFixed(1)} + ${cpu.databaseMs.toFixed(1)} ms/op, ${measured.operations} done, ${measured.errors} errors`,
    );
  };
  await measure('refer', async (desk) => {
    const [referral, statements] = await client.refer(desk.lane);
    desk.submitted.push(referral);
    return statements;
  });
  await measure('refer in one', async (desk) => {
    const [referral, statements] = await client.referInOne(desk.lane);
    desk.submitted.push(referral);
    return statements;
  });
  await measure('accept', async (desk) => {
    const referral = desk.submitted.shift();
    if (!referral) return null;
    const statements = await client.accept(desk.lane, referral);
    desk.accepted.push(referral);
    return statements;
  });
  await measure('message', async (desk) =>
    desk.accepted.length ? client.sendMessage(desk.lane, desk.accepted[Math.floor(Math.random() * desk.accepted.length)]) : null,
  );
  // Set-up, not measured: the arrival schedules four follow-ups, all due (the person arrived thirteen months ago).
  await Promise.all(
    desks.map(async (desk) => {
      for (const referral of desk.accepted) {
        await client.recordArrival(desk.lane, referral);
        desk.followUps.push(...referral.followUpIds);
      }
    }),
  );
  await measure('follow-up', async (desk) => {
    const followUpId = desk.followUps.shift();
    return followUpId === undefined ? null : client.submitFollowUp(desk.lane, followUpId);
  });
  return rows;
}

/** Sender and receiver pairs with a fresh token for each side's case worker; `busy` gives every connection the same pair. */
async function lanesFor(state: BenchState, busy: boolean): Promise<Lane[]> {
  return withDatabase(state.databaseUrl, async (db) => {
    // Many organisations: one of each country first, so that no single country's reference counter sets the pace.
    const pick = async (side: 'sender' | 'receiver', id: string | null) =>
      (
        await db.query(
          `SELECT id, country, member_id FROM (
             SELECT o.id, o.country, o.name, m.id AS member_id, row_number() OVER (PARTITION BY o.country ORDER BY o.name) AS nth
             FROM organisations o JOIN members m ON m.organisation_id = o.id
             WHERE (($1::uuid IS NULL AND o.name LIKE $2) OR o.id = $1) AND 'CASE_WORKER' = ANY (m.roles)) o
           ORDER BY nth, country LIMIT $3`,
          [id, `Bench ${side} %`, busy ? 1 : CONNECTIONS],
        )
      ).rows as { id: string; country: string; member_id: string }[];
    const senders = await pick('sender', busy ? state.senderOrganisationId : null);
    const receivers = await pick('receiver', busy ? state.receiverOrganisationId : null);
    const tokenFor = async (organisationId: string, memberId: string) => {
      const token = generateApiToken();
      await db.query(
        `INSERT INTO api_tokens (organisation_id, member_id, name, prefix, token_hash, expires_at) VALUES ($1, $2, 'bench writes', $3, $4, now() + interval '1 day')`,
        [organisationId, memberId, token.prefix, token.hash],
      );
      return token.token;
    };
    const lanes: Lane[] = [];
    for (let i = 0; i < Math.min(senders.length, receivers.length); i++) {
      const [sender, receiver] = [senders[i], receivers[i]];
      lanes.push({
        senderToken: await tokenFor(sender.id, sender.member_id),
        senderOrganisationId: sender.id,
        senderMemberId: sender.member_id,
        senderCountry: sender.country,
        receiverToken: await tokenFor(receiver.id, receiver.member_id),
        receiverOrganisationId: receiver.id,
        receiverMemberId: receiver.member_id,
        receiverCountry: receiver.country,
      });
    }
    return busy ? Array.from({ length: CONNECTIONS }, () => lanes[0]) : lanes;
  });
}

function start(name: string, script: string, scriptArgs: string[], env: Record<string, string>, nodeArgs: string[] = []): ChildProcess {
  mkdirSync(join('bench', '.state'), { recursive: true });
  const log = openSync(join('bench', '.state', `${name}-${benchName(DATABASE)}.log`), 'w');
  return spawn(process.execPath, [...nodeArgs, script, ...scriptArgs], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', log, log],
  });
}

async function ready(port: number, path: string, child: ChildProcess): Promise<void> {
  for (const deadline = Date.now() + 90_000; Date.now() < deadline;) {
    if (child.exitCode !== null) throw new Error(`the process for port ${port} exited; see bench/.state/*.log`);
    const answered = await send({ port, method: 'GET', path, headers: {} }).then(
      (r) => r.status === 200,
      () => false,
    );
    if (answered) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`nothing answered on port ${port}`);
}

async function main(): Promise<void> {
  const state = loadState(DATABASE);
  const children: ChildProcess[] = [];
  try {
    const service = start(
      'writes-service',
      serviceEntry(),
      [],
      {
        DATABASE_URL: state.databaseUrl,
        RAVOT_MASTER_KEY: state.masterKey,
        PORT: String(SERVICE_PORT),
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        RAVOT_AUTO_BOOTSTRAP: 'false',
        // Counting adds an AsyncLocalStorage per request; the bench's read scenarios count apart, here the write path's
        // figures include it (a few percent) so that statements per operation come from the same run.
        RAVOT_COUNT_SQL: 'true',
        RATE_LIMIT_PER_MINUTE: '100000000',
        COST_PER_MINUTE_PER_TOKEN: '1000000000000',
        COST_PER_MINUTE_PER_ORGANISATION: '1000000000000',
      },
      SERVICE_NODE_ARGS,
    );
    const baseline = start('writes-baseline', 'dist/bench/write-baseline-server.js', [String(BASELINE_PORT), state.databaseUrl], {});
    children.push(service, baseline);
    await ready(SERVICE_PORT, '/ready', service);
    await ready(BASELINE_PORT, '/', baseline);
    const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
    const clients = { service: new ApiWriteClient(SERVICE_PORT, agent), baseline: new BaselineWriteClient(BASELINE_PORT, agent) };
    const monitor = await backendMonitor(state.databaseUrl);
    const hosts: Record<Row['server'], Host> = { service: { pid: service.pid!, monitor }, baseline: { pid: baseline.pid!, monitor } };
    console.log(`${CONNECTIONS} connections, ${DURATION_S} s per operation, ${state.referrals} referrals in ${benchName(DATABASE)}\n`);
    const rows: Row[] = [];
    for (const [key, shape, busy] of [
      ['many', 'many organisations', false],
      ['busy', 'one busy organisation', true],
    ] as const) {
      if (!SHAPES.includes(key)) continue;
      const lanes = await lanesFor(state, busy);
      for (const server of ['service', 'baseline'] as const) {
        if (SERVERS.includes(server)) rows.push(...(await runShape(shape, server, clients[server], lanes, hosts[server])));
      }
    }
    agent.destroy();
    await monitor.end();
    const markdown = table(rows);
    console.log(`\n${markdown}\n`);
    const out = join('bench', '.state', `writes-${benchName(DATABASE)}.md`);
    writeFileSync(out, `${markdown}\n`);
    console.log(`(also written to ${out})`);
  } finally {
    children.forEach((child) => child.exitCode === null && child.kill('SIGTERM'));
  }
}

/** One row per shape and operation: the service beside its baseline, and the share of the baseline's rate. */
function table(rows: Row[]): string {
  const lines = [
    '| shape | operation | service /s | service p95 ms | service SQL/op | service CPU ms/op | baseline /s | baseline p95 ms | baseline SQL/op | baseline CPU ms/op | service / baseline | CPU: baseline / service | done (service, baseline) | errors |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  // A run of one server alone (--servers) shows its figures with nothing beside them.
  const none: Row = {
    shape: '',
    operation: 'refer',
    server: 'baseline',
    operations: 0,
    errors: 0,
    perSecond: NaN,
    p95: NaN,
    statements: NaN,
    processMs: NaN,
    databaseMs: NaN,
  };
  // Process + database: on a machine whose cores are the limit, the ratio of the two totals bounds the rates' ratio.
  const cpu = (row: Row) => `${row.processMs.toFixed(1)} + ${row.databaseMs.toFixed(1)}`;
  const total = (row: Row) => row.processMs + row.databaseMs;
  for (const ours of rows.filter((row) => row.server === 'service')) {
    const floor = rows.find((row) => row.server === 'baseline' && row.shape === ours.shape && row.operation === ours.operation) ?? none;
    lines.push(
      `| ${ours.shape} | ${ours.operation} | ${ours.perSecond.toFixed(0)} | ${ours.p95.toFixed(1)} | ${ours.statements.toFixed(0)} | ${cpu(ours)} | ` +
        `${floor.perSecond.toFixed(0)} | ${floor.p95.toFixed(1)} | ${floor.statements.toFixed(0)} | ${cpu(floor)} | ` +
        `${((ours.perSecond / floor.perSecond) * 100).toFixed(0)}% | ${((total(floor) / total(ours)) * 100).toFixed(0)}% | ` +
        `${ours.operations}, ${floor.operations} | ${ours.errors + floor.errors} |`,
    );
  }
  return lines.join('\n');
}

main().catch((error: unknown) => {
  console.error('bench:writes failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
