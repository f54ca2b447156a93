import { accessSync, constants, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A folder for what the run makes (test/support/once-per-run.ts) and for the embedded databases' data folders; the
 * workers inherit its name. In memory (/dev/shm) where the machine has it: each embedded suite copies a 40 MB
 * cluster, which takes a tenth of the time there that it takes on disk.
 */
export default function globalSetup() {
  // .ci/run names the Node it means to test on; a PATH that picks another one must fail the run, not pass it.
  const wanted = process.env.RAVOT_CI_NODE_MAJOR;
  const running = process.versions.node.split('.')[0];
  if (wanted && wanted !== running) throw new Error(`CI meant to run on Node ${wanted}, but this is Node ${process.versions.node}`);
  process.env.RAVOT_TEST_RUN_HOME = mkdtempSync(join(inMemoryFolder() ?? tmpdir(), 'ravot-test-run-'));
}

function inMemoryFolder() {
  try {
    accessSync('/dev/shm', constants.W_OK);
    return '/dev/shm';
  } catch {
    return null;
  }
}
