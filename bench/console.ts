/**
 * The console's figures: how soon the inbox of an organisation with at least 10,000 referrals shows its first page
 * after navigation, in Debian's Chromium, and how much JavaScript the page ships (gzipped).
 *
 *   npm run bench:console [-- --database postgres://postgres@127.0.0.1:5432/ravot_bench_console] [--referrals 80000] [--runs 7]
 *
 * Generates the data with bench:generate when the database has none (about 80,000 referrals over 20 organisations, so
 * that the busiest receiver's inbox passes 10,000), bundles the console, starts the built service on it, signs in
 * with the receiver's token and opens /console/ again and again: cold (a new browser context, nothing cached) and
 * warm (the same context, the hashed bundle cached). Prints figures; asserts nothing.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext } from 'playwright-core';
import { BenchState, loadState, option, parseArgs, serviceEntry, START_FLAGS } from './bench-support.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PORT = 3977;
const ORIGIN = `http://127.0.0.1:${PORT}`;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const database = option(args, 'database', 'postgres://postgres@127.0.0.1:5432/ravot_bench_console');
  const runs = Number(option(args, 'runs', '7'));
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);

  const state = stateWithInbox(database, option(args, 'referrals', '80000'));
  execFileSync(process.execPath, ['console/build.mjs'], { stdio: 'inherit' });
  const shipped = javascriptSize();
  const service = start(state);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  try {
    await waitUntilReady(service);
    const cold: Timing[] = [];
    const warm: Timing[] = [];
    for (let run = 0; run < runs; run++) {
      const context = await signedIn(browser, state.receiverToken);
      cold.push(await firstInboxPage(context));
      warm.push(await firstInboxPage(context));
      await context.close();
    }
    console.log(`Load average during the runs: ${loadavg()[0].toFixed(1)} (this machine's cores are shared)`);
    console.log(`Inbox of ${state.receiverInbox} referrals (${state.referrals} in the network), first page of 20, ${runs} runs:`);
    console.log(`  cold (new context, nothing cached): ${summary(cold)}`);
    console.log(`  warm (bundle cached):               ${summary(warm)}  (target: within 1000 ms)`);
    console.log(
      `JavaScript shipped: ${(shipped.raw / 1024).toFixed(1)} KB, ${(shipped.gzipped / 1024).toFixed(1)} KB gzipped (budget: 250 KB gzipped)`,
    );
  } finally {
    await browser.close();
    service.kill('SIGTERM');
  }
}

/** The bench data, generated first when missing or when its busiest inbox holds fewer than 10,000 referrals. */
function stateWithInbox(database: string, referrals: string): BenchState {
  const existing = (() => {
    try {
      return loadState(database);
    } catch {
      return null;
    }
  })();
  if (existing && existing.receiverInbox >= 10_000) return existing;
  execFileSync(process.execPath, ['dist/bench/generate.js', '--database', database, '--referrals', referrals, '--organisations', '20'], {
    stdio: 'inherit',
  });
  const state = loadState(database);
  if (state.receiverInbox < 10_000) throw new Error(`The busiest inbox holds ${state.receiverInbox} referrals: pass a larger --referrals`);
  return state;
}

function javascriptSize(): { raw: number; gzipped: number } {
  const folder = join('dist', 'console', 'assets');
  const scripts = readdirSync(folder).filter((name) => name.endsWith('.js'));
  const contents = scripts.map((name) => readFileSync(join(folder, name)));
  return {
    raw: contents.reduce((sum, c) => sum + c.length, 0),
    gzipped: contents.reduce((sum, c) => sum + gzipSync(c, { level: 9 }).length, 0),
  };
}

function start(state: BenchState): ChildProcess {
  mkdirSync(join('bench', '.state'), { recursive: true });
  const log = openSync(join('bench', '.state', 'console-service.log'), 'w');
  return spawn(process.execPath, [...START_FLAGS, serviceEntry()], {
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: state.databaseUrl,
      RAVOT_MASTER_KEY: state.masterKey,
      PORT: String(PORT),
      LOG_LEVEL: 'warn',
      RAVOT_AUTO_BOOTSTRAP: 'false',
      RAVOT_SCHEDULER_INTERVAL_MS: '0',
      RAVOT_WEBHOOK_INTERVAL_MS: '0',
    },
    stdio: ['ignore', log, log],
  });
}

async function waitUntilReady(service: ChildProcess): Promise<void> {
  for (const deadline = Date.now() + 90_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 250))) {
    if (service.exitCode !== null) throw new Error('The service exited; see bench/.state/console-service.log');
    if (
      await fetch(`${ORIGIN}/ready`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
  }
  throw new Error('The service did not get ready within 90 s');
}

/** A new browser context with a console session, as after signing in. */
async function signedIn(browser: Browser, token: string): Promise<BrowserContext> {
  const context = await browser.newContext();
  const answer = await context.request.post(`${ORIGIN}/console/session`, { data: { token }, headers: { origin: ORIGIN } });
  if (!answer.ok()) throw new Error(`Sign-in failed: ${answer.status()}`);
  return context;
}

interface Timing {
  /** From the start of navigation to the inbox's first row on screen. */
  total: number;
  /** The page's document, until its last byte. */
  document: number;
  /** The first GraphQL request (me and the inbox's first page), from its start to its last byte. */
  api: number;
}

/** Where the time of one navigation to the inbox goes. */
async function firstInboxPage(context: BrowserContext): Promise<Timing> {
  const page = await context.newPage();
  const started = Date.now();
  await page.goto(`${ORIGIN}/console/`);
  await page.locator('table.referrals tbody tr').first().waitFor();
  const total = Date.now() - started;
  const parts = await page.evaluate<{ document: number; api: number }>(
    `(() => { const nav = performance.getEntriesByType('navigation')[0];
      const api = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/graphql'));
      return { document: Math.round(nav.responseEnd), api: Math.round(api ? api.duration : -1) }; })()`,
  );
  await page.close();
  return { total, ...parts };
}

const summary = (timings: Timing[]) =>
  `median ${median(timings.map((t) => t.total))} ms, max ${Math.max(...timings.map((t) => t.total))} ms ` +
  `(document ${median(timings.map((t) => t.document))} ms, first API request ${median(timings.map((t) => t.api))} ms)`;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

main().catch((error: unknown) => {
  console.error('bench:console failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
