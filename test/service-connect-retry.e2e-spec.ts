import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { randomBytes } from 'node:crypto';
import { connect, createServer, Server, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { EMBEDDED_EXTENSIONS } from '../src/database/embedded-postgres.js';
import { fatalResponse } from '../src/database/embedded-session-server.js';
import { freePort } from './support/free-port.js';
import { ServiceProcess } from './support/service-process.js';
import { answeredMe, expectOneClearFailure, ME, serviceHarness } from './support/service-scenarios.js';
import { ON_EMBEDDED } from './support/test-environment.js';

/** A password in DATABASE_URL that must never reach the service's output. */
const PASSWORD = 'hunter2-in-the-url';
const WAITING = /The database does not answer yet \(([^)]+)\)/g;
const WAITING_LINE = /The database does not answer yet/;

/**
 * What a database server looks like to the service while it comes up: on `port`, first refusing every connection
 * as starting up, then (open) passing each through to the real server behind it.
 */
async function serverComingUp(port: number, behind: { host: string; port: number }) {
  let open = false;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    if (!open) {
      client.once('data', () => client.end(fatalResponse('57P03', 'the database system is starting up')));
      return;
    }
    const upstream = connect(behind.port, behind.host);
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    open: () => (open = true),
    close: async () => {
      sockets.forEach((socket) => socket.destroy());
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Waited ${timeoutMs} ms for ${what}`);
    await sleep(50);
  }
}

const waitingReasons = (service: ServiceProcess) => [...service.stdout.matchAll(WAITING)].map((match) => match[1]);

/**
 * A start under compose: the service comes up before its database server answers, and must wait for it (with
 * DATABASE_CONNECT_RETRY_SECONDS) instead of failing. The server behind is the test's PostgreSQL, or on the embedded
 * run a PGlite served on a socket, as a stand-in for a server.
 */
describe(`the built service waiting for its database server, on ${ON_EMBEDDED ? 'PGlite on a socket' : 'PostgreSQL'}`, () => {
  const services = serviceHarness();
  let behind: { host: string; port: number; database: string; env: Record<string, string> };
  let pglite: { db: PGlite; server: PGLiteSocketServer } | null = null;
  const urlAt = (port: number) => `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/${behind.database}`;

  beforeAll(async () => {
    if (ON_EMBEDDED) {
      const db = await PGlite.create({ extensions: EMBEDDED_EXTENSIONS });
      const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 20 });
      await server.start();
      pglite = { db, server };
      const [host, port] = server.getServerConn().split(':');
      // pglite-socket 0.2 lets the messages of two connections interleave (pglite issues 985 and 1046): the service's
      // timers that use a connection of their own beside a request's (the scheduler, the webhook dispatcher) stay off,
      // so that what the test asks is what the stand-in answers.
      behind = {
        host,
        port: Number(port),
        database: 'postgres',
        env: { RAVOT_MASTER_KEY: randomBytes(32).toString('base64'), RAVOT_SCHEDULER_INTERVAL_MS: '0', RAVOT_WEBHOOK_INTERVAL_MS: '0' },
      };
    } else {
      const { env } = await services.database();
      const url = new URL(env.DATABASE_URL);
      behind = { host: url.hostname, port: Number(url.port || 5432), database: url.pathname.slice(1), env };
    }
  }, 60_000);
  afterAll(async () => {
    await pglite?.server.stop();
    await pglite?.db.close();
  });

  it('waits while nothing listens and while the server is starting up, then starts once it answers', async () => {
    const databasePort = await freePort();
    const service = services.launch({ ...behind.env, DATABASE_URL: urlAt(databasePort) }, await freePort());
    await until(() => waitingReasons(service).includes('ECONNREFUSED'), 'a retry after a refused connection');

    const server = await serverComingUp(databasePort, behind);
    try {
      await until(() => waitingReasons(service).some((reason) => reason.startsWith('57P03')), 'a retry after "starting up"');
      expect(await service.ready().catch(() => 'not listening')).not.toBe(200);
      server.open();
      await service.untilReady(60_000);

      expect(service.token).not.toBeNull();
      // Asked again for a while: the embedded run's stand-in (pglite-socket) can mix two connections' messages and fail
      // one exchange of a service that answers; on PostgreSQL the first answer is the one.
      let answered = answeredMe(await service.gql(service.token, ME));
      for (const deadline = Date.now() + 15_000; !answered && Date.now() < deadline;) {
        await sleep(500);
        answered = answeredMe(await service.gql(service.token, ME));
      }
      expect(answered).toBe(true);
      expect(waitingReasons(service)[0]).toBe('ECONNREFUSED');
      // Each retry says what it waits for and how long at most; no address, user or password of the server.
      const retries = service.stdout.split('\n').filter((line) => WAITING_LINE.test(line));
      expect(retries.length).toBeGreaterThanOrEqual(2);
      expect(JSON.parse(retries[0])).toMatchObject({ level: 40, msg: expect.stringMatching(/waiting at most 60 s/) });
      expect(`${service.stdout}${service.stderr}`).not.toContain(PASSWORD);
      expect(retries.join('\n')).not.toContain(String(databasePort));
    } finally {
      await service.stop();
      await server.close();
    }
  }, 120_000);

  it('gives up at once with DATABASE_CONNECT_RETRY_SECONDS=0, with the message of a server that does not answer', async () => {
    const closedPort = await freePort();
    const service = await services.failedStart({ ...behind.env, DATABASE_URL: urlAt(closedPort), DATABASE_CONNECT_RETRY_SECONDS: '0' });
    expectOneClearFailure(service, new RegExp(`the database server at 127.0.0.1:${closedPort} does not answer \\(ECONNREFUSED\\)`));
    expect(waitingReasons(service)).toEqual([]);
    expect(`${service.stdout}${service.stderr}`).not.toContain(PASSWORD);
  }, 60_000);

  it('gives up with the same message once DATABASE_CONNECT_RETRY_SECONDS have passed', async () => {
    const closedPort = await freePort();
    const service = await services.failedStart({ ...behind.env, DATABASE_URL: urlAt(closedPort), DATABASE_CONNECT_RETRY_SECONDS: '2' });
    expectOneClearFailure(service, new RegExp(`the database server at 127.0.0.1:${closedPort} does not answer \\(ECONNREFUSED\\)`));
    // 0.25 + 0.5 + 1 s and what is left of the 2 s: three or four waits (attempts take time too), each logged.
    const reasons = waitingReasons(service);
    expect(reasons.length).toBeGreaterThanOrEqual(3);
    expect(new Set(reasons)).toEqual(new Set(['ECONNREFUSED']));
  }, 60_000);
});
