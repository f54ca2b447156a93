/** Bundles the console into `out` (dist/console by default); see build.mjs. */
export function buildConsole(out?: string): Promise<{ folder: string; script: string; style: string }>;
