import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './free-port.js';
import { runHome } from './once-per-run.js';
import { Answer, buildService, ServiceProcess, serviceDatabase } from './service-process.js';

/** What the suites on the built service (test/service-*.e2e-spec.ts) do to it and expect of it. */

export const ME = '{ me { id } }';
const ADD = 'mutation($input: AddMemberInput!) { addMember(input: $input) { member { email } } }';
const MEMBERS =
  'query($after: String) { members(first: 100, after: $after) { edges { node { email } } pageInfo { endCursor hasNextPage } } }';

export const body = (answer: Answer) => (typeof answer.body === 'string' ? {} : answer.body);
export const answeredMe = (answer: Answer) => answer.status === 200 && Boolean(body(answer).data?.me?.id);

/** Every member's email, read through the API page by page. */
export async function memberEmails(service: ServiceProcess, token: string): Promise<Set<string>> {
  const emails = new Set<string>();
  let after: string | null = null;
  do {
    const answer = await service.gql(token, MEMBERS, { after });
    const page: { edges: { node: { email: string } }[]; pageInfo: { endCursor: string; hasNextPage: boolean } } | undefined =
      body(answer).data?.members;
    // What the service answered instead, so that a failure says why.
    if (!page) throw new Error(`members answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 500)}`);
    page.edges.forEach((edge) => emails.add(edge.node.email));
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return emails;
}

/** Writers that add members without pause until told to stop; what the service acknowledged, and every outcome. */
export function writers(service: ServiceProcess, token: string, count: number) {
  const acknowledged: string[] = [];
  const outcomes: string[] = [];
  let writing = true;
  const done = Promise.all(
    Array.from({ length: count }, async () => {
      while (writing) {
        const email = `${randomUUID()}@lifecycle.example`;
        try {
          const answer = await service.gql(token, ADD, { input: { displayName: 'Lifecycle test', email, roles: ['ANALYST'] } });
          if (body(answer).data?.addMember?.member?.email === email) {
            acknowledged.push(email);
            outcomes.push('answered');
          } else if (answer.status === 503) {
            outcomes.push('refused: 503');
          } else {
            const error = body(answer).errors?.[0];
            outcomes.push(`error: ${error?.extensions?.code}${error?.extensions?.retryable ? ' (retryable)' : ''}`);
            await sleep(20);
          }
        } catch (failure) {
          const code = ((failure as { cause?: { code?: string } }).cause?.code ?? String(failure)) as string;
          outcomes.push(code === 'ECONNREFUSED' ? 'refused: connection' : `dropped: ${code}`);
          if (code === 'ECONNREFUSED') return;
          await sleep(20);
        }
      }
    }),
  );
  return {
    acknowledged,
    outcomes,
    stop: async () => {
      writing = false;
      await done;
    },
    done,
  };
}

export const tally = (outcomes: string[]) =>
  Object.entries(outcomes.reduce<Record<string, number>>((counts, o) => ({ ...counts, [o]: (counts[o] ?? 0) + 1 }), {}))
    .map(([outcome, count]) => `${count} ${outcome}`)
    .join(', ');

/**
 * Waits for a first start to answer, and fails if it answered anything before it printed the first administrator's
 * token: a script that waits for an answer and then reads the token must find it.
 */
export async function answersOnlyAfterItsToken(service: ServiceProcess): Promise<void> {
  let exited = false;
  void service.exited.then(() => (exited = true));
  for (;;) {
    if (exited) throw new Error(`The service ended: ${service.stderr}`);
    const answer = await service.gql(null, '{ __typename }').catch(() => null);
    if (answer?.status === 200) break;
    expect(answer === null || answer.status === 503).toBe(true);
    await sleep(20);
  }
  // The service wrote the token (a synchronous write to the pipe) before it opened; this process may read the
  // answer's socket before the pipe, so it gives the pipe a moment.
  for (let waited = 0; !service.token && waited < 5000; waited += 20) await sleep(20);
  expect({ token: service.token, stdout: service.token ? '' : service.stdout }).toEqual({ token: expect.any(String), stdout: '' });
}

/** One line on stderr that says what failed, one JSON log line at level fatal, and no stack trace anywhere. */
export function expectOneClearFailure(service: ServiceProcess, words: RegExp): void {
  expect(service.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^The service could not start: /)]);
  expect(service.stderr).toMatch(words);
  const serious = service.stdout.split('\n').filter((line) => /"level":(50|60)/.test(line));
  expect(serious).toHaveLength(1);
  expect(JSON.parse(serious[0])).toMatchObject({ level: 60, msg: 'The service could not start' });
  expect(`${service.stdout}${service.stderr}`).not.toMatch(/\n\s+at /);
}

/**
 * The built service as its operator runs it: a database of its own per test (a data folder, or a database on the
 * test server), the processes stopped and the databases dropped after the suite.
 */
export function serviceHarness() {
  let folder: string;
  const drops: (() => Promise<void>)[] = [];
  const running: ServiceProcess[] = [];

  beforeAll(async () => {
    await buildService();
    folder = mkdtempSync(join(runHome(), 'services-'));
  }, 180_000);
  afterAll(async () => {
    await Promise.all(running.map((service) => service.stop()));
    for (const drop of drops) await drop();
    rmSync(folder, { recursive: true, force: true });
  });

  return {
    async database(options: { firstStart?: boolean } = {}) {
      const created = await serviceDatabase(join(folder, randomUUID()), options);
      drops.push(created.drop);
      return created;
    },
    async start(env: Record<string, string>) {
      const service = await ServiceProcess.start(env);
      running.push(service);
      return service;
    },
    /** A start that must fail: the process, ended with exit code 1. */
    async failedStart(env: Record<string, string>, port?: number) {
      const service = ServiceProcess.launch(env, port ?? (await freePort()));
      running.push(service);
      const exit = await service.exited;
      expect(exit.code).toBe(1);
      return service;
    },
    /** A process started without waiting for it, stopped after the suite. */
    launch(env: Record<string, string>, port: number) {
      const service = ServiceProcess.launch(env, port);
      running.push(service);
      return service;
    },
  };
}
