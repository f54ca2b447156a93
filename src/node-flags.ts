/**
 * V8's young generation, sized for where the database is (start.ts applies it).
 *
 * The flags of `npm start` (package.json) fit the embedded database, whose WebAssembly takes most of the memory:
 * 8 MB semi-spaces keep its peak under 300 MB, where 32 MB took it to 354 MB. On a PostgreSQL server the same 8 MB
 * cost the service about twice the CPU per inbox page (`npm run bench:cpu`, docs/performance.md): the objects of
 * the requests in flight outlive a young generation that small, are copied into the old one and collected there.
 */
export const EMBEDDED_SEMI_SPACE = '--max-semi-space-size=8';
export const SERVER_SEMI_SPACE = '--max-semi-space-size=32';

/** Where DATABASE_URL or DATABASE_URL_FILE is set (an empty value counts as unset, as in app-config.ts). */
const usesServer = (env: NodeJS.ProcessEnv) => Boolean(env.DATABASE_URL) || Boolean(env.DATABASE_URL_FILE);

/**
 * The node flags to run the service with instead of `execArgv`, or null to keep them: on a server, `npm start`'s
 * flags with the server's semi-spaces. Any other set of flags is an operator's choice, and is kept.
 */
export function serverFlagsInstead(env: NodeJS.ProcessEnv, execArgv: readonly string[]): string[] | null {
  if (!usesServer(env) || !execArgv.includes(EMBEDDED_SEMI_SPACE)) return null;
  return execArgv.map((flag) => (flag === EMBEDDED_SEMI_SPACE ? SERVER_SEMI_SPACE : flag));
}

/** The node flags of `npm start`, from the text of package.json: what the benches and the tests' service run with. */
export function npmStartFlags(packageJson: string): string[] {
  const { scripts } = JSON.parse(packageJson) as { scripts: { start: string } };
  return scripts.start.split(' ').filter((word) => word.startsWith('--'));
}
