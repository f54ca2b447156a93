import { buildConsole } from '../../console/build.mjs';
import { oncePerRun } from './once-per-run.js';

/**
 * The console bundled once per run into the run's folder, and named to the service (RAVOT_CONSOLE_BUILD_DIR), so that
 * `npm test` on a fresh clone needs no `npm run build` and never races another suite over dist/console.
 */
export async function useBuiltConsole(): Promise<void> {
  process.env.RAVOT_CONSOLE_BUILD_DIR = await oncePerRun('console', async (folder) => void (await buildConsole(folder)));
}
