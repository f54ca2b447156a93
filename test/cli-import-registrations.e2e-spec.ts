import { runCommand } from './support/service-process.js';
import { serviceHarness } from './support/service-scenarios.js';
import { ON_EMBEDDED } from './support/test-environment.js';

const SEED = 'docs/examples/registered-victims-nl-2010-2012.csv';
const FIXTURES = 'test/fixtures/registrations';

/** `npm run ravot -- import-registrations FILE` as a person runs it: the built CLI, as a process, on a database of its own. */
describe(`the import-registrations command, on ${ON_EMBEDDED ? 'the embedded database' : 'PostgreSQL'}`, () => {
  const services = serviceHarness();
  let env: Record<string, string>;
  const ravot = (...args: string[]) => runCommand(args, env);

  beforeAll(async () => {
    env = (await services.database()).env;
    const bootstrap = await ravot('bootstrap');
    expect(bootstrap.code).toBe(0);
  }, 120_000);

  it('imports the example table of the repository, and a second import changes nothing', async () => {
    const first = await ravot('import-registrations', SEED);
    expect(first.stdout).toContain(`Imported ${SEED}: 31 new, 0 changed, 0 unchanged.`);
    expect(first.code).toBe(0);
    // Its stderr is a pipe, not a terminal: no progress line, not a carriage return in a log.
    expect(first.stderr).toBe('');

    const second = await ravot('import-registrations', SEED);
    expect(second.stdout).toContain(`Imported ${SEED}: 0 new, 0 changed, 31 unchanged.`);
    expect(second.code).toBe(0);
  });

  it('refuses a broken file with the line and column of every problem, and stores none of its rows', async () => {
    const broken = await ravot('import-registrations', `${FIXTURES}/broken.csv`);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('nothing was stored');
    expect(broken.stderr).toContain('line 3, column 5 (victims): must be a whole number, zero or more');
    expect(broken.stderr).toContain('line 5, column 5 (victims): a quoted value opens here and is never closed');
    expect(broken.stderr).not.toMatch(/\n\s+at /); // no stack trace
    // The broken file's good rows (BE 2014: RO, NG) are the semicolon file's: all of them are still new.
    const good = await ravot('import-registrations', `${FIXTURES}/semicolon.csv`);
    expect(good.stdout).toContain('3 new, 0 changed, 0 unchanged.');
  });

  it('says what is wrong with a file that is missing or not UTF-8, and exits non-zero', async () => {
    const missing = await ravot('import-registrations', 'no-such-file.csv');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Not imported: there is no file no-such-file.csv.');
    const latin1 = await ravot('import-registrations', `${FIXTURES}/latin1.csv`);
    expect(latin1.code).toBe(1);
    expect(latin1.stderr).toContain('is not UTF-8 (line 3). Save it as "CSV UTF-8"');
    const unnamed = await ravot('import-registrations');
    expect(unnamed.code).toBe(2);
    expect(unnamed.stderr).toContain(`import-registrations ${SEED}`);
  });
});
