/**
 * The default installation over time: the built service on a fresh embedded database (no DATABASE_URL), driven
 * through the API with bursts of mixed reads and writes separated by idle gaps longer than every timeout the
 * service or its libraries have (pg's pool closes idle connections after 10 s, Node's HTTP keep-alive after 5 s, the
 * rate limit's window is 60 s). It runs for a bounded time and then stops the service with SIGTERM. It prints a line
 * per phase (requests, errors, RSS) and a summary, and exits 1 if any request failed. Not part of CI.
 *
 *   npm run bench:soak -- [--minutes 20] [--burst 30] [--clients 4] [--port 3312]
 *
 * The figures it prints at the start (RSS of the first start, idle RSS) are the embedded database's memory figures
 * in docs/performance.md.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { option, parseArgs, serviceEntry, START_FLAGS } from './bench-support.js';
import {
  CREATE_REFERRAL,
  INBOX_PAGE,
  PRACTICE_SEARCH,
  RECORD_CONSENT,
  REFERRAL_DETAIL,
  realReferralInputs,
  REGISTER_SUBJECT,
  SUBMIT_REFERRAL,
} from './scenarios.js';

const args = parseArgs(process.argv.slice(2));
const MINUTES = Math.min(240, Number(option(args, 'minutes', '20')));
const BURST_S = Number(option(args, 'burst', '30'));
const CLIENTS = Number(option(args, 'clients', '4'));
const PORT = Number(option(args, 'port', '3312'));
/** Idle gaps, in turn: past pg's idle timeout (10 s), and past the rate limit's minute. */
const GAPS_S = [12, 65];

const memory = (pid: number, field: 'VmRSS' | 'VmHWM') =>
  Math.round(Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024);

class Client {
  requests = 0;
  errors: string[] = [];
  constructor(private readonly port: number) {}

  async gql<T = any>(token: string, query: string, variables: Record<string, unknown> = {}, field?: string): Promise<T | null> {
    this.requests++;
    try {
      const response = await fetch(`http://127.0.0.1:${this.port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      const answer = (await response.json()) as { data?: Record<string, T>; errors?: { extensions?: { code?: string } }[] };
      if (answer.errors?.length) {
        this.errors.push(answer.errors.map((error) => error.extensions?.code).join(','));
        return null;
      }
      return field ? answer.data![field] : (answer.data as T);
    } catch (failure) {
      this.errors.push(String((failure as { cause?: { code?: string } }).cause?.code ?? failure));
      return null;
    }
  }
}

async function main(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'ravot-soak-'));
  const port = PORT;
  const started = Date.now();
  const service: ChildProcess = spawn(process.execPath, [...START_FLAGS, serviceEntry()], {
    env: {
      ...process.env,
      DATABASE_URL: '',
      RAVOT_DATA_DIR: folder,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '1000000',
      COST_PER_MINUTE_PER_TOKEN: '1000000000000',
      COST_PER_MINUTE_PER_ORGANISATION: '1000000000000',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  service.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const pid = service.pid!;
  const client = new Client(port);
  try {
    while (!stdout.includes('GraphQL at')) {
      if (service.exitCode !== null) throw new Error(`The service exited: ${stdout}`);
      if (Date.now() - started > 60_000) throw new Error('The service did not start in 60 s');
      await sleep(100);
    }
    const firstStartPeak = memory(pid, 'VmHWM');
    console.log(
      `first start on an empty embedded database: ${((Date.now() - started) / 1000).toFixed(1)} s, peak RSS ${firstStartPeak} MB`,
    );
    const admin = /rvt_[A-Za-z0-9_-]{20,}/.exec(stdout)![0];

    const parties = await setUp(client, admin);
    await sleep(5_000);
    console.log(`idle RSS after start and set-up: ${memory(pid, 'VmRSS')} MB`);

    const deadline = started + MINUTES * 60_000;
    const referralIds: string[] = [];
    let phase = 0;
    console.log('elapsed  phase              requests  errors  RSS MB  peak MB');
    const report = (label: string) =>
      console.log(
        `${((Date.now() - started) / 60_000).toFixed(1).padStart(6)} m  ${label.padEnd(17)}  ${String(client.requests).padStart(8)}  ${String(client.errors.length).padStart(6)}  ${String(memory(pid, 'VmRSS')).padStart(6)}  ${String(memory(pid, 'VmHWM')).padStart(7)}`,
      );
    while (Date.now() < deadline) {
      const burstEnd = Math.min(deadline, Date.now() + BURST_S * 1000);
      await Promise.all(
        Array.from({ length: CLIENTS }, async (_, worker) => {
          while (Date.now() < burstEnd) await oneRound(client, parties, referralIds, worker);
        }),
      );
      report(`burst ${++phase}`);
      if (Date.now() >= deadline) break;
      const gap = GAPS_S[phase % GAPS_S.length];
      await sleep(Math.min(gap * 1000, Math.max(0, deadline - Date.now())));
      report(`after ${gap} s idle`);
    }

    const [endRss, peakRss] = [memory(pid, 'VmRSS'), memory(pid, 'VmHWM')];
    service.kill('SIGTERM');
    const exit = await new Promise<number | null>((resolve) => service.once('exit', (code) => resolve(code)));
    const distinct = [...new Set(client.errors)];
    console.log(
      `\n${MINUTES} min soak: ${client.requests} requests, ${client.errors.length} errors${distinct.length ? ` (${distinct.join('; ')})` : ''}, ` +
        `${referralIds.length} referrals written; RSS ${endRss} MB at the end, ${peakRss} MB at the peak; exit code after SIGTERM ${exit}`,
    );
    process.exitCode = client.errors.length === 0 && exit === 0 ? 0 : 1;
  } finally {
    if (service.exitCode === null) service.kill('SIGKILL');
    rmSync(folder, { recursive: true, force: true });
  }
}

interface Parties {
  sender: string;
  receiver: string;
  receiverOrganisationId: string;
}

/** A Dutch sender and a Hungarian receiver, each with a case worker, created through the API as an admin would. */
async function setUp(client: Client, admin: string): Promise<Parties> {
  const organisation = async (country: string) => {
    const created = await client.gql(
      admin,
      `mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { organisation { id } firstAdminToken { token } } }`,
      {
        input: {
          name: `Soak ${country} ${randomUUID().slice(0, 8)}`,
          country,
          kind: 'NGO',
          services: ['SHELTER'],
          languages: ['en'],
          firstAdmin: { displayName: 'Soak admin', email: `${randomUUID()}@soak.example` },
        },
      },
      'createOrganisation',
    );
    if (!created) throw new Error(`createOrganisation failed: ${client.errors.join(', ')}`);
    const member = await client
      .gql(
        created.firstAdminToken.token,
        `mutation($input: AddMemberInput!) { addMember(input: $input) { member { id } } }`,
        { input: { displayName: 'Case worker', email: `${randomUUID()}@soak.example`, roles: ['CASE_WORKER'] } },
        'addMember',
      )
      .then((payload) => payload?.member);
    const issued = await client.gql(
      created.firstAdminToken.token,
      `mutation($input: IssueTokenInput!) { issueToken(input: $input) { token } }`,
      { input: { memberId: member.id, name: 'soak' } },
      'issueToken',
    );
    return { id: created.organisation.id as string, token: issued.token as string };
  };
  const sender = await organisation('NL');
  const receiver = await organisation('HU');
  return { sender: sender.token, receiver: receiver.token, receiverOrganisationId: receiver.id };
}

/** What partners do all day: the sender refers a person; the receiver reads its inbox and a referral; anyone searches. */
async function oneRound(client: Client, parties: Parties, referralIds: string[], worker: number): Promise<void> {
  if (worker === 0) {
    const inputs = realReferralInputs(parties.receiverOrganisationId, 'HU');
    const subject = (await client.gql(parties.sender, REGISTER_SUBJECT, { input: inputs.subject }, 'registerSubject'))?.subject;
    if (!subject) return;
    const consent = (await client.gql(parties.sender, RECORD_CONSENT, { input: inputs.consent(subject.id) }, 'recordConsent'))?.consent;
    if (!consent) return;
    const draft = (await client.gql(parties.sender, CREATE_REFERRAL, { input: inputs.referral(subject.id, consent.id) }, 'createReferral'))
      ?.referral;
    if (!draft) return;
    const submitted = await client.gql(parties.sender, SUBMIT_REFERRAL, {
      input: { referralId: draft.id, expectedVersion: draft.version },
    });
    if (submitted) referralIds.push(draft.id);
    return;
  }
  await client.gql(parties.receiver, INBOX_PAGE, { first: 20 });
  const id = referralIds[Math.floor(Math.random() * referralIds.length)];
  if (id) await client.gql(parties.receiver, REFERRAL_DETAIL, { id });
  await client.gql(parties.receiver, PRACTICE_SEARCH, { search: 'return', language: 'en' });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
