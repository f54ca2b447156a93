import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  Answer,
  buildService,
  canDropConnections,
  dropConnectionsTo,
  ServiceProcess,
  serviceDatabase,
  terminateServiceConnections,
} from './support/service-process.js';
import { freePort } from './support/free-port.js';
import { ON_EMBEDDED } from './support/test-app.js';

const ME = '{ me { id } }';
const ADD = 'mutation($input: AddMemberInput!) { addMember(input: $input) { email } }';
const MEMBERS =
  'query($after: String) { members(first: 100, after: $after) { edges { node { email } } pageInfo { endCursor hasNextPage } } }';

const body = (answer: Answer) => (typeof answer.body === 'string' ? {} : answer.body);
const answeredMe = (answer: Answer) => answer.status === 200 && Boolean(body(answer).data?.me?.id);

/** Every member's email, read through the API page by page. */
async function memberEmails(service: ServiceProcess, token: string): Promise<Set<string>> {
  const emails = new Set<string>();
  let after: string | null = null;
  do {
    const page: { edges: { node: { email: string } }[]; pageInfo: { endCursor: string; hasNextPage: boolean } } = body(
      await service.gql(token, MEMBERS, { after }),
    ).data!.members;
    page.edges.forEach((edge) => emails.add(edge.node.email));
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return emails;
}

/** Writers that add members without pause until told to stop; what the service acknowledged, and every outcome. */
function writers(service: ServiceProcess, token: string, count: number) {
  const acknowledged: string[] = [];
  const outcomes: string[] = [];
  let writing = true;
  const done = Promise.all(
    Array.from({ length: count }, async () => {
      while (writing) {
        const email = `${randomUUID()}@lifecycle.example`;
        try {
          const answer = await service.gql(token, ADD, { input: { displayName: 'Lifecycle test', email, roles: ['ANALYST'] } });
          if (body(answer).data?.addMember?.email === email) {
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

const tally = (outcomes: string[]) =>
  Object.entries(outcomes.reduce<Record<string, number>>((counts, o) => ({ ...counts, [o]: (counts[o] ?? 0) + 1 }), {}))
    .map(([outcome, count]) => `${count} ${outcome}`)
    .join(', ');

/** One line on stderr that says what failed, one JSON log line at level fatal, and no stack trace anywhere. */
function expectOneClearFailure(service: ServiceProcess, words: RegExp): void {
  expect(service.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^The service could not start: /)]);
  expect(service.stderr).toMatch(words);
  const serious = service.stdout.split('\n').filter((line) => /"level":(50|60)/.test(line));
  expect(serious).toHaveLength(1);
  expect(JSON.parse(serious[0])).toMatchObject({ level: 60, msg: 'The service could not start' });
  expect(`${service.stdout}${service.stderr}`).not.toMatch(/\n\s+at /);
}

describe(`the built service as a process, on ${ON_EMBEDDED ? 'the embedded database' : 'PostgreSQL'}`, () => {
  let folder: string;
  const drops: (() => Promise<void>)[] = [];
  const running: ServiceProcess[] = [];

  beforeAll(() => {
    buildService();
    folder = mkdtempSync(join(tmpdir(), 'ravot-lifecycle-'));
  }, 180_000);
  afterAll(async () => {
    await Promise.all(running.map((service) => service.stop()));
    for (const drop of drops) await drop();
    rmSync(folder, { recursive: true, force: true });
  });

  async function database(options: { firstStart?: boolean } = {}) {
    const created = await serviceDatabase(join(folder, randomUUID()), options);
    drops.push(created.drop);
    return created;
  }
  async function start(env: Record<string, string>) {
    const service = await ServiceProcess.start(env);
    running.push(service);
    return service;
  }
  async function failedStart(env: Record<string, string>, port?: number) {
    const service = ServiceProcess.launch(env, port ?? (await freePort()));
    running.push(service);
    const exit = await service.exited;
    expect(exit.code).toBe(1);
    return service;
  }

  it('answers after idle time longer than the pool keeps a connection, again and again', async () => {
    const { env } = await database({ firstStart: true });
    const service = await start({ ...env, DATABASE_IDLE_TIMEOUT_MS: '300' });
    const token = service.token!;
    expect(answeredMe(await service.gql(token, ME))).toBe(true);
    for (let round = 0; round < 3; round++) {
      await sleep(1_000);
      const answer = await service.gql(token, ME);
      expect({ round, status: answer.status, body: answer.body }).toMatchObject({ round, status: 200, body: { data: { me: {} } } });
      expect(await service.ready()).toBe(200);
    }
    await service.stop();
  }, 90_000);

  it('answers after 11 s without a request with the default settings (pg closes idle connections after 10 s)', async () => {
    const { env } = await database();
    const service = await start(env);
    const token = service.token!;
    expect(answeredMe(await service.gql(token, ME))).toBe(true);
    await sleep(11_000);
    expect(body(await service.gql(token, ME))).toMatchObject({ data: { me: {} } });
    expect(await service.ready()).toBe(200);
    await service.stop();
  }, 90_000);

  const cannotDrop = ON_EMBEDDED ? canDropConnections() : null;
  (cannotDrop ? it.skip : it)(
    `recovers by itself when the database drops its connections under writes${cannotDrop ? ` (skipped: ${cannotDrop})` : ''}`,
    async () => {
      const { env } = await database();
      const service = await start(env);
      const token = service.token!;
      const load = writers(service, token, 4);
      for (let drop = 0; drop < 3; drop++) {
        await sleep(300);
        if (ON_EMBEDDED) await dropConnectionsTo((await service.embeddedDatabasePort())!);
        else await terminateServiceConnections(env.DATABASE_URL);
      }
      await sleep(300);
      await load.stop();
      console.info(`connections dropped three times under 4 writers: ${tally(load.outcomes)}`);

      // Caught requests fail as retryable SERVICE_UNAVAILABLE, never as an internal error or a dropped socket.
      const expected = ['answered', 'error: SERVICE_UNAVAILABLE (retryable)'];
      expect(load.outcomes.filter((outcome) => !expected.includes(outcome))).toEqual([]);
      expect(load.acknowledged.length).toBeGreaterThan(0);
      // Recovered without a restart, and every acknowledged write is there.
      expect(answeredMe(await service.gql(token, ME))).toBe(true);
      expect(await service.ready()).toBe(200);
      const emails = await memberEmails(service, token);
      expect(load.acknowledged.filter((email) => !emails.has(email))).toEqual([]);
      await service.stop();
      // The operator reads a warning per refused request, with no stack, and no error line (read once the process
      // has ended, so that every line it wrote has arrived).
      expect(service.stdout).not.toMatch(/"level":(50|60)/);
      const refused = load.outcomes.filter((outcome) => outcome.startsWith('error')).length;
      expect(service.stdout.split('\n').filter((line) => line.includes('answered SERVICE_UNAVAILABLE'))).toHaveLength(refused);
    },
    90_000,
  );

  it('on SIGTERM answers or cleanly refuses every request, closes the database, and comes back with every acknowledged write', async () => {
    const { env } = await database();
    const service = await start(env);
    const token = service.token!;
    const load = writers(service, token, 6);
    await sleep(700);
    service.signal('SIGTERM');
    const exit = await service.exited;
    await load.stop();
    console.info(`SIGTERM under 6 writers: ${tally(load.outcomes)}`);

    expect(exit).toEqual({ code: 0, signal: null });
    const outcomes = new Set(load.outcomes);
    expect([...outcomes].filter((outcome) => !['answered', 'refused: 503', 'refused: connection'].includes(outcome))).toEqual([]);
    expect(`${service.stdout}${service.stderr}`).not.toMatch(/"level":(50|60)|AlreadyReleased/);

    const again = await start(env);
    const emails = await memberEmails(again, token);
    expect(load.acknowledged.length).toBeGreaterThan(0);
    expect(load.acknowledged.filter((email) => !emails.has(email))).toEqual([]);
    await again.stop();
  }, 120_000);

  it('after SIGKILL in the middle of writes starts again with every acknowledged write', async () => {
    const { env } = await database();
    const service = await start(env);
    const token = service.token!;
    const load = writers(service, token, 4);
    await sleep(1_500);
    service.signal('SIGKILL');
    await service.exited;
    await load.stop();
    expect(load.acknowledged.length).toBeGreaterThan(0);

    const again = await start(env);
    expect(again.token).toBeNull(); // the network is not empty: no second bootstrap
    const emails = await memberEmails(again, token);
    expect(load.acknowledged.filter((email) => !emails.has(email))).toEqual([]);
    await again.stop();
  }, 120_000);

  it('refuses to start with a master key that does not match the database, and says what to do', async () => {
    const { env } = await database();
    const first = await start(env);
    await first.stop();

    const wrongKey = randomBytes(32).toString('base64');
    const wrong = await failedStart({ ...env, RAVOT_MASTER_KEY: wrongKey });
    expectOneClearFailure(wrong, /does not match this database.*RAVOT_PREVIOUS_MASTER_KEY.*rotate-master-key/);
    expect(`${wrong.stdout}${wrong.stderr}`).not.toContain(wrongKey);

    // The right key still opens it: nothing was changed by the refused start.
    const right = await start(env);
    expect(await right.ready()).toBe(200);
    await right.stop();
  }, 90_000);

  (ON_EMBEDDED ? it : it.skip)(
    'refuses a corrupt or replaced key file in the data folder',
    async () => {
      const { env } = await database();
      const first = await start(env);
      await first.stop();
      const keyFile = join(env.RAVOT_DATA_DIR, 'master.key');
      const key = readFileSync(keyFile, 'utf8');

      writeFileSync(keyFile, 'not a key\n');
      expectOneClearFailure(await failedStart(env), /master\.key is not a master key .*restore it from your backup/);
      writeFileSync(keyFile, `${randomBytes(32).toString('base64')}\n`);
      expectOneClearFailure(await failedStart(env), /master key from .*master\.key does not match this database/);

      writeFileSync(keyFile, key);
      const restored = await start(env);
      expect(await restored.ready()).toBe(200);
      await restored.stop();
    },
    90_000,
  );

  it('with its port in use says so, creates no token it cannot show, and the next start shows it', async () => {
    const { env } = await database();
    const squatter = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => squatter.listen(port, resolve));
    try {
      const clash = await failedStart(env, port);
      expectOneClearFailure(clash, new RegExp(`port ${port} is already in use`));
      expect(clash.token).toBeNull();
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
    // Nothing answers before the token is out: a script that waits for an answer and then reads the token finds it.
    const next = ServiceProcess.launch(env, await freePort());
    running.push(next);
    let first: Answer | null = null;
    while (!first || first.status !== 200) {
      first = await next.gql(null, '{ __typename }').catch(() => null);
      if (first?.status === 200) break;
      expect(first === null || first.status === 503).toBe(true);
      await sleep(20);
    }
    // The service wrote the token (a synchronous write to the pipe) before it opened; this process may read the
    // answer's socket before the pipe, so it gives the pipe a moment.
    for (let waited = 0; !next.token && waited < 2000; waited += 20) await sleep(20);
    expect(next.token).not.toBeNull();
    expect(answeredMe(await next.gql(next.token!, ME))).toBe(true);
    await next.stop();
  }, 90_000);

  (ON_EMBEDDED ? it : it.skip)(
    'refuses a data folder that another service is using, which goes on answering',
    async () => {
      const { env } = await database();
      const holder = await start(env);
      const second = await failedStart(env);
      expectOneClearFailure(second, new RegExp(`in use by process ${holder.pid}`));
      expect(answeredMe(await holder.gql(holder.token, ME))).toBe(true);
      await holder.stop();
    },
    90_000,
  );

  (ON_EMBEDDED ? it.skip : it)(
    'says which database is missing or unreachable',
    async () => {
      const key = { RAVOT_MASTER_KEY: randomBytes(32).toString('base64') };
      const { env } = await database();
      const missing = new URL(env.DATABASE_URL);
      missing.pathname = '/ravot_no_such_database';
      expectOneClearFailure(await failedStart({ ...key, DATABASE_URL: missing.toString() }), /"ravot_no_such_database" does not exist/);
      const closedPort = await freePort();
      const unreachable = `postgres://postgres@127.0.0.1:${closedPort}/ravot`;
      expectOneClearFailure(
        await failedStart({ ...key, DATABASE_URL: unreachable }),
        new RegExp(`127.0.0.1:${closedPort} does not answer`),
      );
    },
    60_000,
  );
});
