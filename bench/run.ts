/**
 * Starts the compiled service (and the bare baseline server) against a
 * database filled by bench:generate, drives one scenario at a time for a
 * bounded time, and prints requests/s, latency percentiles, SQL statements per
 * request (counted in the service: RAVOT_COUNT_SQL=true, x-sql-statements) and
 * the service's peak RSS, as a plain table and as Markdown.
 *
 *   npm run bench -- [--database postgres://postgres@127.0.0.1:5432/ravot_bench] [--duration 10] [--connections 10] [--rounds 3] [--start-warmup 10]
 *                    [--scenarios 1,3,5]   (only these scenarios; all by default)
 *   npm run bench -- --embedded bench/.state/embedded   (scenarios 1 and 2 on the embedded database, as installed by default)
 *
 * Load comes from autocannon (a devDependency: its client parses answers
 * without building them into strings, so it leaves more of the two cores to
 * what is measured); `--tool builtin` uses a small bounded loop over node:http
 * with keep-alive instead (the same shape: N connections, each sending its
 * next request when the previous one is answered).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import { mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { generateApiToken } from '../src/auth/api-token.js';
import {
  assertLocal,
  BenchState,
  benchName,
  EMBEDDED_URL_PREFIX,
  loadState,
  option,
  parseArgs,
  serviceEnvironment,
  serviceEntry,
  START_FLAGS,
} from './bench-support.js';
import { Autocannon, autocannonLoad, builtInLoad, importAutocannon, send, Target } from './load.js';
import { DEFAULT_PEER_NODE, PEER_SCRIPT, peerInbox, peerMissing, preparePeerSchema, sameReferrals } from './peer.js';
import {
  CREATE_REFERRAL,
  INBOX_PAGE,
  OUTBOX_PAGE,
  PRACTICE_SEARCH,
  RECORD_CONSENT,
  REFERRAL_DETAIL,
  realReferralInputs,
  REGISTER_SUBJECT,
  REFUSED_DOCUMENT,
  STATISTICS,
  SUBMIT_REFERRAL,
} from './scenarios.js';

interface Measured {
  scenario: string;
  available: boolean;
  note?: string;
  requests?: number;
  errors?: number;
  rps?: number;
  p50?: number;
  p95?: number;
  p99?: number;
  statements?: string;
  peakRssMb?: number;
}

const args = parseArgs(process.argv.slice(2));
/** The default installation's database (PGlite, one connection, in this folder): no baseline, no rounds, no flood. */
const EMBEDDED_FOLDER = args.get('embedded');
const DATABASE = EMBEDDED_FOLDER
  ? EMBEDDED_URL_PREFIX + EMBEDDED_FOLDER
  : option(args, 'database', 'postgres://postgres@127.0.0.1:5432/ravot_bench');
const DURATION_S = Math.min(120, Number(option(args, 'duration', '10')));
const WARMUP_S = Math.min(30, Number(option(args, 'warmup', '2')));
/**
 * A process that has just started has not compiled its hot paths yet, and a running service has: before anything
 * is measured, the service and the baseline each serve scenario 1 for this long, so that the table's first pair
 * compares them warm, as the rounds do.
 */
const START_WARMUP_S = Math.min(60, Number(option(args, 'start-warmup', '10')));
const CONNECTIONS = Math.min(100, Number(option(args, 'connections', '10')));
const SERVICE_PORT = Number(option(args, 'port', '3310'));
const BASELINE_PORT = Number(option(args, 'baseline-port', '3311'));
/** PostGraphile 5, the third server of scenario 1 (bench/peer.ts); left out with --no-peer or when not installed. */
const PEER_PORT = Number(option(args, 'peer-port', '3312'));
const PEER_NODE = option(args, 'peer-node', DEFAULT_PEER_NODE);
const NO_PEER = args.has('no-peer');
/** Leaves out scenario 5 (six floods of --rounds windows each, the longest part of a run). */
const NO_FAIRNESS = args.has('no-fairness');
const LOAD_TOOL = option(args, 'tool', 'auto');
/** Scenario 1 and its baseline once more, alternating, so that a change in the shared machine's speed hits both alike. */
const ROUNDS = Math.min(10, Number(option(args, 'rounds', '3')));
/** Passed to the service as NODE_OPTIONS; by default the heap bounds `npm start` and the Dockerfile set. */
/** ORGANISATION_CONCURRENCY of the service under load (unset: the service's default). */
const ORGANISATION_CONCURRENCY = option(args, 'organisation-concurrency', '');
/**
 * Scheduling niceness of scenario 5's flood process (0 to 19). A partner's flooding client runs on its own machine;
 * here it shares the service's two cores, and at 19 the kernel gives it only what the service and PostgreSQL leave.
 */
const FLOOD_NICE = Math.max(0, Math.min(19, Number(option(args, 'flood-nice', '0'))));
/** Only these scenarios (by number, comma-separated): comparing one before and after a change needs no other. */
const SCENARIOS = option(args, 'scenarios', '').split(',').filter(Boolean);
const chosen = (name: string) => SCENARIOS.length === 0 || SCENARIOS.includes(name.split(' ')[0]);
const SERVICE_NODE_OPTIONS = option(args, 'service-node-options', START_FLAGS.join(' '));

const graphql = (token: string, query: string, variables: Record<string, unknown> = {}): Target => ({
  port: SERVICE_PORT,
  method: 'POST',
  path: '/graphql',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
  body: JSON.stringify({ query, variables }),
});

async function gql(target: Target): Promise<{ data?: any; errors?: { message: string }[]; statements: string }> {
  const response = await send(target);
  return { ...(JSON.parse(response.body) as object), statements: String(response.headers['x-sql-statements'] ?? '-') };
}

/** An even number of rounds has two middle ratios: their mean, not the upper one. */
function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return (sorted[Math.floor((sorted.length - 1) / 2)] + sorted[Math.floor(sorted.length / 2)]) / 2;
}

async function autocannonIfInstalled(): Promise<Autocannon | null> {
  // The bench still runs (on the built-in loop) without autocannon.
  return LOAD_TOOL === 'builtin' ? null : importAutocannon();
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** Peak resident memory of a process over a period, sampled every 100 ms (VmRSS), and its lifetime peak (VmHWM). */
class RssSampler {
  private peak = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly pid: number) {}

  private read(field: 'VmRSS' | 'VmHWM'): number {
    try {
      const match = readFileSync(`/proc/${this.pid}/status`, 'utf8').match(new RegExp(`${field}:\\s+(\\d+) kB`));
      return match ? Number(match[1]) / 1024 : 0;
    } catch {
      return 0;
    }
  }

  start(): void {
    this.peak = this.read('VmRSS');
    this.timer = setInterval(() => (this.peak = Math.max(this.peak, this.read('VmRSS'))), 100);
  }

  stop(): number {
    if (this.timer) clearInterval(this.timer);
    return Math.max(this.peak, this.read('VmRSS'));
  }

  lifetimePeak(): number {
    return this.read('VmHWM');
  }
}

/** Load on a target for a number of seconds, from autocannon when it is installed. */
async function drive(target: Target, seconds: number) {
  const autocannon = await autocannonIfInstalled();
  return autocannon ? autocannonLoad(autocannon, target, CONNECTIONS, { duration: seconds }) : builtInLoad(target, seconds, CONNECTIONS);
}

async function measure(
  scenario: string,
  target: Target,
  pid: number,
  probe: () => Promise<{ ok: boolean; note?: string; statements: string }>,
): Promise<Measured> {
  // Asked twice, and counted the second time: a token's first request looks the token up on its own first.
  const checked = await probe()
    .then((first) => (first.ok ? probe() : first))
    .catch((error: Error) => ({ ok: false, note: error.message, statements: '-' }));
  if (!checked.ok) return { scenario, available: false, note: checked.note };
  if (WARMUP_S > 0) await drive(target, WARMUP_S);
  const rss = new RssSampler(pid);
  rss.start();
  const { latencies, errors, elapsed } = await drive(target, DURATION_S);
  const peakRssMb = rss.stop();
  latencies.sort((a, b) => a - b);
  return {
    scenario,
    available: true,
    note: checked.note,
    requests: latencies.length,
    errors,
    rps: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    statements: checked.statements,
    peakRssMb,
  };
}

/** Latencies of one request at a time, as one person clicking through, for `seconds`. */
async function oneAtATime(target: Target, seconds: number): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  while (performance.now() < deadline) {
    const at = performance.now();
    const response = await send(target, agent);
    if (response.status !== 200 || response.body.startsWith('{"errors"'))
      throw new Error(`scenario 5 answered ${response.status}: ${response.body.slice(0, 200)}`);
    latencies.push(performance.now() - at);
  }
  agent.destroy();
  return latencies.sort((a, b) => a - b);
}

/**
 * p95 of one organisation's requests idle and while another organisation floods the service, in ROUNDS alternating
 * windows of DURATION_S each: the ratio of each round (flooded against the idle window just before it) and their
 * median, since the machine's speed moves between minutes.
 */
async function fairness(probe: Target, flood: { target: Target; refusedByDesign?: boolean }, servicePid: number) {
  await oneAtATime(probe, WARMUP_S);
  const rounds: { idle: number; busy: number; floodRps: number; refused: number; serviceCores: number; machineBusy: number }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const idle = percentile(await oneAtATime(probe, DURATION_S), 95);
    // The built-in loop, whichever tool loads the other scenarios: it counts the refusals (429) apart.
    const flooding = floodFromAnotherProcess(flood.target, DURATION_S + 2);
    await sleep(1000);
    const before = cpuTicks(servicePid);
    const busy = percentile(await oneAtATime(probe, DURATION_S), 95);
    const after = cpuTicks(servicePid);
    const flooded = await flooding;
    rounds.push({
      idle,
      busy,
      floodRps: (flooded.answered - (flood.refusedByDesign ? flooded.refused : flooded.errors)) / flooded.elapsed,
      refused: flooded.refused,
      serviceCores: (after.process - before.process) / after.perSecond / DURATION_S,
      machineBusy: (after.busy - before.busy) / (after.total - before.total),
    });
  }
  return { rounds, median: medianOf(rounds.map((round) => round.busy / round.idle)) };
}

/** The flood's load loop in a child process (bench/flood.ts), as a partner's client runs apart from the others. */
function floodFromAnotherProcess(
  target: Target,
  seconds: number,
): Promise<{ answered: number; errors: number; refused: number; elapsed: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join('dist', 'bench', 'flood.js'), JSON.stringify({ target, seconds, connections: CONNECTIONS })],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    if (FLOOD_NICE > 0 && child.pid) setPriority(child.pid, FLOOD_NICE);
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`the flood process exited with code ${code}`))));
  });
}

/** CPU ticks (1/100 s on Linux) of a process (user + system) and of the whole machine, busy and in all, from /proc. */
function cpuTicks(pid: number): { process: number; busy: number; total: number; perSecond: number } {
  // Fields after the command's closing parenthesis start at the 3rd; utime and stime are the 14th and 15th.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const machine = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = machine.reduce((sum, ticks) => sum + ticks, 0);
  return { process: Number(fields[11]) + Number(fields[12]), busy: total - machine[3] - machine[4], total, perSecond: 100 };
}

/** A GraphQL probe: the scenario is available when its query answers without errors. */
const graphqlProbe =
  (target: Target, check: (data: any) => string | undefined = () => undefined) =>
  async () => {
    const result = await gql(target);
    if (result.errors?.length) return { ok: false, note: `not available: ${result.errors[0].message}`, statements: result.statements };
    return { ok: true, note: check(result.data), statements: result.statements };
  };

async function waitUntilReady(port: number, path: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 90_000;
  const exited = () => new Error(`The process on port ${port} exited with code ${child.exitCode}; see bench/.state/*.log`);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw exited();
    const ok = await send({ port, method: 'GET', path, headers: {} }).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ok) {
      // An answer may come from another process that holds the port, while ours fails to bind it and exits.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      if (child.exitCode !== null) throw exited();
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Nothing answered on port ${port} within 90 s`);
}

function start(
  name: string,
  script: string,
  scriptArgs: string[],
  env: Record<string, string>,
  node = process.execPath,
  nodeArgs: string[] = [],
): ChildProcess {
  mkdirSync(join('bench', '.state'), { recursive: true });
  const log = openSync(join('bench', '.state', `${name}-${benchName(DATABASE)}.log`), 'w');
  return spawn(node, [...nodeArgs, script, ...scriptArgs], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', log, log] });
}

/** The referral of scenario 2: created, consented and submitted through the API, so its personal data is sealed for real. */
async function realReferral(state: BenchState): Promise<string> {
  const inputs = realReferralInputs(state.receiverOrganisationId, state.receiverCountry);
  /** One mutation, and the object its payload holds (`registerSubject { subject }`). */
  const step = async (query: string, input: unknown, field: string, object: string) => {
    const result = await gql(graphql(state.senderToken, query, { input }));
    if (!result.data?.[field]?.[object]) throw new Error(`${field} failed: ${JSON.stringify(result.errors)}`);
    return result.data[field][object] as { id: string; version?: number };
  };
  const subject = await step(REGISTER_SUBJECT, inputs.subject, 'registerSubject', 'subject');
  const consent = await step(RECORD_CONSENT, inputs.consent(subject.id), 'recordConsent', 'consent');
  const draft = await step(CREATE_REFERRAL, inputs.referral(subject.id, consent.id), 'createReferral', 'referral');
  await step(SUBMIT_REFERRAL, { referralId: draft.id, expectedVersion: draft.version }, 'submitReferral', 'referral');
  return draft.id;
}

const fixed = (value: number | undefined, digits = 1) => (value === undefined || Number.isNaN(value) ? '' : value.toFixed(digits));

function tables(results: Measured[], baselineRps: number | undefined): { plain: string; markdown: string } {
  const header = ['scenario', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'SQL/req', 'peak RSS MB', 'requests', 'errors', 'note'];
  const rows = results.map((r) =>
    r.available
      ? [
          r.scenario,
          fixed(r.rps, 0),
          fixed(r.p50),
          fixed(r.p95),
          fixed(r.p99),
          r.statements ?? '',
          fixed(r.peakRssMb, 0),
          String(r.requests),
          String(r.errors),
          r.note ?? '',
        ]
      : [r.scenario, '', '', '', '', '', '', '', '', r.note ?? 'not available'],
  );
  const inbox = results.find((r) => r.scenario.startsWith('1 '));
  const ratio =
    inbox?.rps && baselineRps
      ? `Scenario 1 reaches ${((inbox.rps / baselineRps) * 100).toFixed(0)}% of the bare baseline's throughput.`
      : '';
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  const plain = [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), ratio].join('\n');
  const md = (cells: string[]) => `| ${cells.map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`;
  const markdown = [md(header), md(header.map(() => '---')), ...rows.map(md), '', ratio].join('\n');
  return { plain, markdown };
}

/** Prints the table and its summary, and writes them to bench/.state/results-<database>.md. */
function report(results: Measured[], baselineRps: number | undefined, summary: string): void {
  const { plain, markdown } = tables(results, baselineRps);
  console.log(`\n${plain}\n\n${summary}\n\nMarkdown:\n\n${markdown}\n\n${summary}\n`);
  const out = join('bench', '.state', `results-${benchName(DATABASE)}.md`);
  writeFileSync(out, `${markdown}\n\n${summary}\n`);
  console.log(`(also written to ${out})`);
}

interface Scenario {
  name: string;
  target: Target;
  check?: (data: any) => string | undefined;
}

async function main(): Promise<void> {
  if (!EMBEDDED_FOLDER) assertLocal(DATABASE);
  const state = loadState(DATABASE);
  const children: ChildProcess[] = [];
  const stopAll = () => children.forEach((child) => child.exitCode === null && child.kill('SIGTERM'));
  process.on('SIGINT', () => {
    stopAll();
    process.exit(130);
  });
  const startService = async (countingStatements: boolean, extra: Record<string, string> = {}) => {
    // As node's arguments rather than NODE_OPTIONS, which refuses some of V8's flags (--liftoff-only).
    const service = start(
      countingStatements ? 'service-counting' : 'service',
      serviceEntry(),
      [],
      { ...serviceEnvironment(state, SERVICE_PORT, EMBEDDED_FOLDER), RAVOT_COUNT_SQL: String(countingStatements), ...extra },
      process.execPath,
      SERVICE_NODE_OPTIONS.split(' ').filter(Boolean),
    );
    children.push(service);
    await waitUntilReady(SERVICE_PORT, '/ready', service);
    return service;
  };
  const stop = async (child: ChildProcess) => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  try {
    // Phase 1: the service counts its statements (RAVOT_COUNT_SQL, which keeps an AsyncLocalStorage per
    // request); each scenario is probed once, one request at a time, for its count and its answer.
    const counting = await startService(true);
    const referralId = await realReferral(state);
    const inboxAt = (first: number) => graphql(state.receiverToken, INBOX_PAGE, { first });
    const scenarios: Scenario[] = [
      { name: '1 inbox page (first: 50)', target: inboxAt(50), check: (data) => `${data.referrals.edges.length} rows` },
      {
        name: '2 referral detail, decrypted',
        target: graphql(state.receiverToken, REFERRAL_DETAIL, { id: referralId }),
        check: (data) => (data.referral.subject.identity ? 'identity decrypted' : 'REDACTED'),
      },
      // The default installation serves a small organisation's people: its figures are for their pages.
      ...(EMBEDDED_FOLDER
        ? []
        : [
            {
              name: '3 practice search (hu)',
              target: graphql(state.receiverToken, PRACTICE_SEARCH, { search: 'reintegrációs támogatás', language: 'hu' }),
              check: (data: any) => `${data.practices.edges.length} found`,
            },
            {
              name: '3 practice search (en)',
              target: graphql(state.receiverToken, PRACTICE_SEARCH, { search: 'reintegration support', language: 'en' }),
              check: (data: any) => `${data.practices.edges.length} found`,
            },
            {
              name: '4 statistics by sender and receiver country',
              target: graphql(await analystToken(state), STATISTICS),
              check: (data: any) => `${data.referralStatistics.rows.length} rows`,
            },
          ]),
    ];
    const probes = new Map<string, Awaited<ReturnType<ReturnType<typeof graphqlProbe>>>>();
    for (const scenario of scenarios) probes.set(scenario.name, await graphqlProbe(scenario.target, scenario.check)());
    const [at10, at100] = [await gql(inboxAt(10)), await gql(inboxAt(100))];
    await stop(counting);
    const statementsLine = `SQL statements for an inbox page: first: 10 -> ${at10.statements}, first: 100 -> ${at100.statements}.`;

    if (EMBEDDED_FOLDER) {
      const service = await startService(false);
      if (START_WARMUP_S > 0) await drive(inboxAt(50), START_WARMUP_S);
      const results: Measured[] = [];
      for (const scenario of scenarios)
        results.push(await measure(scenario.name, scenario.target, service.pid!, async () => probes.get(scenario.name)!));
      const summary = [
        `The embedded database (PGlite, one connection) in ${EMBEDDED_FOLDER}: ${state.referrals} referrals (receiver inbox ${state.receiverInbox}), ${CONNECTIONS} connections, ${START_WARMUP_S} s warm-up after start, ${WARMUP_S} s warm-up + ${DURATION_S} s per scenario.`,
        statementsLine,
        `Service peak RSS over the whole load (VmHWM): ${new RssSampler(service.pid!).lifetimePeak().toFixed(0)} MB.`,
      ].join('\n');
      report(results, undefined, summary);
      return;
    }

    // Phase 2: the load, on a service that counts nothing.
    const service = await startService(false, ORGANISATION_CONCURRENCY ? { ORGANISATION_CONCURRENCY } : {});
    const baseline = start(
      'baseline',
      'dist/bench/baseline-server.js',
      [String(BASELINE_PORT), state.databaseUrl, state.receiverOrganisationId],
      {},
    );
    children.push(baseline);
    await waitUntilReady(BASELINE_PORT, '/?first=1', baseline);
    const peerProblem = NO_PEER ? 'left out (--no-peer)' : peerMissing(PEER_NODE);
    let peer: ChildProcess | null = null;
    let peerCheck = `PostGraphile 5: ${peerProblem}.`;
    if (!peerProblem) {
      await preparePeerSchema(state.databaseUrl);
      peer = start('peer', PEER_SCRIPT, [String(PEER_PORT), state.databaseUrl], { GRAPHILE_ENV: 'production' }, PEER_NODE);
      children.push(peer);
      await waitUntilReady(PEER_PORT, '/ready', peer);
      const receiver = { token: state.receiverToken, organisationId: state.receiverOrganisationId };
      peerCheck = `Checked before measuring: ${await sameReferrals({ servicePort: SERVICE_PORT, baselinePort: BASELINE_PORT, peerPort: PEER_PORT }, receiver)}.`;
      console.log(peerCheck);
    }
    const peerTarget = peerInbox(PEER_PORT, state.receiverToken, state.receiverOrganisationId, 50);
    const tool = (await autocannonIfInstalled()) ? 'autocannon' : 'built-in node:http loop';
    const baselineTarget: Target = { port: BASELINE_PORT, method: 'GET', path: '/?first=50', headers: {} };
    if (START_WARMUP_S > 0)
      for (const target of [inboxAt(50), baselineTarget, ...(peer ? [peerTarget] : [])]) await drive(target, START_WARMUP_S);
    console.log(
      `${state.referrals} referrals (receiver inbox ${state.receiverInbox}), ${CONNECTIONS} connections, ${START_WARMUP_S} s warm-up after start, ${WARMUP_S} s warm-up + ${DURATION_S} s per scenario, load from ${tool}${SERVICE_NODE_OPTIONS ? `, service node flags ${SERVICE_NODE_OPTIONS}` : ''}\n`,
    );
    const results: Measured[] = [];
    const run = async (scenario: string, target: Target, pid: number, probe: Parameters<typeof measure>[3]) => {
      const result = await measure(scenario, target, pid, probe);
      results.push(result);
      console.log(`  ${scenario}: ${result.available ? `${fixed(result.rps, 0)} req/s, p95 ${fixed(result.p95)} ms` : result.note}`);
    };
    for (const [i, scenario] of scenarios.entries()) {
      if (!chosen(scenario.name)) continue;
      await run(scenario.name, scenario.target, service.pid!, async () => probes.get(scenario.name)!);
      if (i === 0) {
        await run('1 baseline: node http + pg, one SQL query', baselineTarget, baseline.pid!, async () => ({ ok: true, statements: '1' }));
        if (peer) await run('1 PostGraphile 5 (amber, same RLS)', peerTarget, peer.pid!, async () => ({ ok: true, statements: '' }));
      }
    }

    const ratios: number[] = [];
    const peerRatios: number[] = [];
    let peerAhead = 0;
    for (let round = 0; round < (chosen('1') ? ROUNDS : 0); round++) {
      const ours = await measure('1', inboxAt(50), service.pid!, async () => ({ ok: true, statements: '' }));
      const floor = await measure('1 baseline', baselineTarget, baseline.pid!, async () => ({ ok: true, statements: '' }));
      ratios.push(ours.rps! / floor.rps!);
      const theirs = peer ? await measure('1 peer', peerTarget, peer.pid!, async () => ({ ok: true, statements: '' })) : null;
      if (theirs) {
        peerRatios.push(theirs.rps! / floor.rps!);
        if (theirs.rps! >= ours.rps!) peerAhead++;
      }
      console.log(
        `  round ${round + 1}: ${fixed(ours.rps, 0)} against ${fixed(floor.rps, 0)} req/s${theirs ? `, PostGraphile ${fixed(theirs.rps, 0)}` : ''}`,
      );
    }

    // Scenario 5: the sender's organisation, one request at a time, idle and while the receiver's organisation floods,
    // with work of the service (pages of 100), with work of the database (statistics) and with documents refused
    // before any statement (the work a request costs before its guard); then the same on
    // a service without the organisations' shares, side by side.
    const lifetimePeak = new RssSampler(service.pid!).lifetimePeak();
    const peerPeak = peer ? new RssSampler(peer.pid!).lifetimePeak() : 0;
    if (peer) await stop(peer);
    const outbox = graphql(state.senderToken, OUTBOX_PAGE, { first: 10 });
    const floods = NO_FAIRNESS
      ? []
      : [
          { name: 'inbox pages of 100 (work of the service)', target: inboxAt(100) },
          { name: 'statistics by country (work of the database)', target: scenarios.find((s) => s.name.startsWith('4'))!.target },
          // Answered 400 by design: its rate counts every answer but the refusals (429).
          {
            name: 'documents refused at validation (work before the guard)',
            target: graphql(state.receiverToken, REFUSED_DOCUMENT),
            refusedByDesign: true,
          },
        ];
    const shared: Awaited<ReturnType<typeof fairness>>[] = [];
    const unshared: Awaited<ReturnType<typeof fairness>>[] = [];
    if (chosen('5') && floods.length) {
      for (const flood of floods) shared.push(await fairness(outbox, flood, service.pid!));
      await stop(service);
      const withoutShares = await startService(false, { ORGANISATION_CONCURRENCY: '200', FAIR_SHARING: 'false' });
      for (const flood of floods) unshared.push(await fairness(outbox, flood, withoutShares.pid!));
    }
    const described = (measured: Awaited<ReturnType<typeof fairness>>) =>
      `${measured.rounds.map((r) => `${fixed(r.idle)} -> ${fixed(r.busy)} ms (flood ${fixed(r.floodRps, 0)} req/s, ${r.refused} refused; service ${(r.serviceCores * 100).toFixed(0)}% of a core, machine ${(r.machineBusy * 100).toFixed(0)}% busy)`).join('; ')}: median ${measured.median.toFixed(1)} times idle`;
    const fairnessLine = floods
      .filter(() => chosen('5'))
      .map(
        (flood, i) =>
          `Scenario 5, fair sharing: p95 of the sender's outbox page (first: 10), one request at a time, idle -> while the receiver's organisation floods with ${CONNECTIONS} connections (niceness ${FLOOD_NICE}) of ${flood.name}, ${ROUNDS} rounds: ` +
          `${described(shared[i])}. Without the organisations' shares (FAIR_SHARING=false, ORGANISATION_CONCURRENCY=200): ${described(unshared[i])}.`,
      )
      .join('\n');
    if (fairnessLine) console.log(`  ${fairnessLine}`);

    const baselineRps = results.find((r) => r.scenario.startsWith('1 baseline'))?.rps;
    const percent = (ratio: number) => `${(ratio * 100).toFixed(0)}%`;
    const median = medianOf(ratios);
    const summary = [
      ...(ratios.length
        ? [
            `Scenario 1 against the baseline in ${ratios.length} alternating rounds (${WARMUP_S} s warm-up + ${DURATION_S} s each): ${ratios.map(percent).join(', ')}; median ${percent(median)}.`,
          ]
        : []),
      ...(peerRatios.length
        ? [
            `PostGraphile 5 against the baseline in the same rounds: ${peerRatios.map(percent).join(', ')}; median ${percent(medianOf(peerRatios))}; the service ahead in ${ROUNDS - peerAhead} of ${ROUNDS} rounds.`,
          ]
        : []),
      peerCheck,
      statementsLine,
      `Service peak RSS over the whole load (VmHWM): ${lifetimePeak.toFixed(0)} MB${peer ? `; PostGraphile's ${peerPeak.toFixed(0)} MB` : ''}.`,
      ...(fairnessLine ? [fairnessLine] : []),
    ].join('\n');
    report(results, baselineRps, summary);
  } finally {
    stopAll();
  }
}

main().catch((error: unknown) => {
  console.error('bench failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});

/** Statistics are for analysts: a bench analyst in the receiver's organisation, and a fresh token, written with SQL as generate.ts does. */
async function analystToken(state: BenchState): Promise<string> {
  const db = new pg.Client({ connectionString: state.databaseUrl });
  await db.connect();
  try {
    const token = generateApiToken();
    await db.query(
      `WITH analyst AS (
         INSERT INTO members (organisation_id, display_name, email, roles)
         SELECT $1, 'Bench analyst', 'bench-analyst@bench.example', '{ANALYST}'
         WHERE NOT EXISTS (SELECT 1 FROM members WHERE organisation_id = $1 AND email = 'bench-analyst@bench.example')
         RETURNING id),
       member AS (SELECT id FROM analyst UNION SELECT id FROM members WHERE organisation_id = $1 AND email = 'bench-analyst@bench.example')
       INSERT INTO api_tokens (organisation_id, member_id, name, prefix, token_hash, expires_at)
       SELECT $1, id, 'bench', $2, $3, now() + interval '1 day' FROM member`,
      [state.receiverOrganisationId, token.prefix, token.hash],
    );
    return token.token;
  } finally {
    await db.end();
  }
}
