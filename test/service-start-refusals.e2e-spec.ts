import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { freePort } from './support/free-port.js';
import { ServiceProcess } from './support/service-process.js';
import { answeredMe, expectOneClearFailure, ME, serviceHarness } from './support/service-scenarios.js';
import { ON_EMBEDDED } from './support/test-environment.js';

/** Every file of a data folder with its size and time of change (nothing on a database server). */
const folderState = (folder: string | undefined) =>
  folder
    ? readdirSync(folder, { recursive: true, encoding: 'utf8' }).map((file) => {
        const { size, mtimeMs } = statSync(join(folder, file));
        return { file, size, mtimeMs };
      })
    : null;

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

    it('refuses a port in use before it opens the database, and says so', async () => {
      const squatter = createServer();
      const port = await freePort();
      await new Promise<void>((resolve) => squatter.listen(port, resolve));
      try {
        const before = folderState(env.RAVOT_DATA_DIR);
        expectOneClearFailure(await services.failedStart(env, port), new RegExp(`port ${port} is already in use`));
        // Not a file of the data folder was touched.
        expect(folderState(env.RAVOT_DATA_DIR)).toEqual(before);
      } finally {
        await new Promise((resolve) => squatter.close(resolve));
      }
    });

    it('starts again with its own key after every refused start, which changed nothing', async () => {
      const again = await services.start(env);
      expect(await again.ready()).toBe(200);
      expect(again.token).toBeNull(); // the network the first start made is still there
      expect(answeredMe(await again.gql(first.token, ME))).toBe(true);
      await again.stop();
    });
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
      await services.failedStart({ ...key, DATABASE_URL: unreachable, DATABASE_CONNECT_RETRY_SECONDS: '0' }),
      new RegExp(`127.0.0.1:${closedPort} does not answer`),
    );
  });
});
