import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Work a run of the suites needs once (the build, a migrated cluster), done by whichever worker asks first while
 * the others wait for it. What it makes lives in the run's folder, which test/support/global-setup.mjs creates and
 * the run removes at its end.
 */
export async function oncePerRun(name: string, make: (folder: string) => Promise<void>): Promise<string> {
  const home = runHome();
  const made = join(home, name);
  const failed = `${made}.failed`;
  if (!existsSync(made) && claim(`${made}.making`)) {
    try {
      await make(`${made}.making`);
    } catch (error) {
      writeFileSync(failed, String(error));
      throw error;
    }
    renameSync(`${made}.making`, made);
  }
  for (const deadline = Date.now() + 180_000; !existsSync(made); await sleep(100)) {
    if (existsSync(failed)) throw new Error(`Another worker could not make ${name}: ${readFileSync(failed, 'utf8')}`);
    if (Date.now() > deadline) throw new Error(`No ${name} appeared in ${home}`);
  }
  return made;
}

function claim(folder: string): boolean {
  try {
    mkdirSync(folder);
    return true;
  } catch {
    return false;
  }
}

/** The run's folder, removed at the end of the run with everything in it. */
export function runHome(): string {
  const home = process.env.RAVOT_TEST_RUN_HOME;
  if (!home) throw new Error('RAVOT_TEST_RUN_HOME is not set: jest.config.js runs test/support/global-setup.mjs');
  return home;
}
