import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder `npm run build` bundles the console into (console/build.mjs), found from the project's root; the tests
 * bundle it into a folder of their run and name it in RAVOT_CONSOLE_BUILD_DIR.
 */
export function consoleBuildFolder(): string {
  if (process.env.RAVOT_CONSOLE_BUILD_DIR) return process.env.RAVOT_CONSOLE_BUILD_DIR;
  let folder = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(folder, 'package.json')) && dirname(folder) !== folder) folder = dirname(folder);
  return join(folder, 'dist', 'console');
}

export interface ConsoleFiles {
  /** index.html, with its placeholder for the quick exit's address. */
  page: string;
  /** The bundle's files by name (their names carry a hash of their content, so they may be cached for ever). */
  assets: Map<string, { type: string; content: Buffer }>;
}

const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

/** The built console, read once; null when it was not built (the service then says how to build it). */
export function readConsoleFiles(folder = consoleBuildFolder()): ConsoleFiles | null {
  if (!existsSync(join(folder, 'index.html'))) return null;
  const assets = new Map<string, { type: string; content: Buffer }>();
  for (const name of readdirSync(join(folder, 'assets'))) {
    const type = TYPES[name.slice(name.lastIndexOf('.'))];
    if (type) assets.set(name, { type, content: readFileSync(join(folder, 'assets', name)) });
  }
  return { page: readFileSync(join(folder, 'index.html'), 'utf8'), assets };
}
