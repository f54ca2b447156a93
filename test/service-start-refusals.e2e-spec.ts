import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './support/free-port.js';
import { Answer, ServiceProcess } from './support/service-process.js';
import { answeredMe, expectOneClearFailure, ME, serviceHarness } from './support/service-scenarios.js';
import { ON_EMBEDDED } from './support/test-app.js';

/**
 * Starts the built service must refuse, each with one line that says what to do and no stack trace, leaving
 * everything as it was.
 */
describe(`the built service refusing to start, on ${ON_EMBEDDED ? 'the embedded database' : 'PostgreSQL'}`, () => {
  const services = serviceHarness();

  /** One installation meets each refusal in turn, as an operator's mistakes come one after the other. */
  describe('an installation that has started once', () => {
    let env: Record<string, string>;
    let first: ServiceProcess;

    beforeAll(async () => {
      env = (await services.database()).env;
      first = await services.start(env);
    }, 60_000);

    (ON_EMBEDDED ? it : it.skip)('refuses a data folder that another service is using, which goes on answering', async () => {
      const second = await services.failedStart(env);
      expectOneClearFailure(second, new RegExp(`in use by process ${first.pid}`));
      expect(answeredMe(await first.gql(first.token, ME))).toBe(true);
    });

    it('refuses to start with a master key that does not match the database, and says what to do', async () => {
      await first.stop();
      const wrongKey = randomBytes(32).toString('base64');
      const wrong = await services.failedStart({ ...env, RAVOT_MASTER_KEY: wrongKey });
      expectOneClearFailure(wrong, /does not match this database.*RAVOT_PREVIOUS_MASTER_KEY.*rotate-master-key/);
      expect(`${wrong.stdout}${wrong.stderr}`).not.toContain(wrongKey);
    });

    (ON_EMBEDDED ? it : it.skip)('refuses a corrupt or replaced key file in the data folder', async () => {
      const keyFile = join(env.RAVOT_DATA_DIR, 'master.key');
      const key = readFileSync(keyFile, 'utf8');
      writeFileSync(keyFile, 'not a key\n');
      expectOneClearFailure(await services.failedStart(env), /master\.key is not a master key .*restore it from your backup/);
      writeFileSync(keyFile, `${randomBytes(32).toString('base64')}\n`);
      expectOneClearFailure(await services.failedStart(env), /master key from .*master\.key does not match this database/);
      writeFileSync(keyFile, key);
    });

    it('starts again with its own key after every refused start, which changed nothing', async () => {
      const again = await services.start(env);
      expect(await again.ready()).toBe(200);
      expect(again.token).toBeNull(); // the network the first start made is still there
      expect(answeredMe(await again.gql(first.token, ME))).toBe(true);
      await again.stop();
    });
  });

  it('with its port in use says so, creates no token it cannot show, and the next start shows it', async () => {
    const { env } = await services.database();
    const squatter = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => squatter.listen(port, resolve));
    try {
      const clash = await services.failedStart(env, port);
      expectOneClearFailure(clash, new RegExp(`port ${port} is already in use`));
      expect(clash.token).toBeNull();
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
    // Nothing answers before the token is out: a script that waits for an answer and then reads the token finds it.
    const next = services.launch(env, await freePort());
    let exited = false;
    void next.exited.then(() => (exited = true));
    let answer: Answer | null = null;
    while (!answer || answer.status !== 200) {
      // Another process may have taken the port between freePort() and this start: then say so, not "no token".
      if (exited) throw new Error(`The next start ended: ${next.stderr}`);
      answer = await next.gql(null, '{ __typename }').catch(() => null);
      if (answer?.status === 200) break;
      expect(answer === null || answer.status === 503).toBe(true);
      await sleep(20);
    }
    // The service wrote the token (a synchronous write to the pipe) before it opened; this process may read the
    // answer's socket before the pipe, so it gives the pipe a moment.
    for (let waited = 0; !next.token && waited < 5000; waited += 20) await sleep(20);
    expect({ token: next.token, stdout: next.token ? '' : next.stdout }).toEqual({ token: expect.any(String), stdout: '' });
    expect(answeredMe(await next.gql(next.token!, ME))).toBe(true);
    await next.stop();
  });

  (ON_EMBEDDED ? it.skip : it)('says which database is missing or unreachable', async () => {
    const key = { RAVOT_MASTER_KEY: randomBytes(32).toString('base64') };
    const { env } = await services.database();
    const missing = new URL(env.DATABASE_URL);
    missing.pathname = '/ravot_no_such_database';
    expectOneClearFailure(
      await services.failedStart({ ...key, DATABASE_URL: missing.toString() }),
      /"ravot_no_such_database" does not exist/,
    );
    const closedPort = await freePort();
    const unreachable = `postgres://postgres@127.0.0.1:${closedPort}/ravot`;
    expectOneClearFailure(
      await services.failedStart({ ...key, DATABASE_URL: unreachable }),
      new RegExp(`127.0.0.1:${closedPort} does not answer`),
    );
  });
});
