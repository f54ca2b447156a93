import { rmSync } from 'node:fs';

export default function globalTeardown() {
  if (process.env.RAVOT_TEST_RUN_HOME) rmSync(process.env.RAVOT_TEST_RUN_HOME, { recursive: true, force: true });
}
