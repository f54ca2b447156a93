/**
 * What `npm start` runs: the service (main.ts), with V8's young generation sized for where its database is
 * (node-flags.ts). On a PostgreSQL server the process replaces itself (same pid, same parent, so npm, systemd and
 * a container runtime see no difference) with the server's flags. Node 24 can (process.execve); Node 20 cannot, and
 * runs on with the flags it was given.
 */
import { fileURLToPath } from 'node:url';
import { serverFlagsInstead } from './node-flags.js';

type Execve = (file: string, args: string[], env: NodeJS.ProcessEnv) => never;

const execve = (process as unknown as { execve?: Execve }).execve;
const flags = serverFlagsInstead(process.env, process.execArgv);
if (flags && execve) {
  const main = fileURLToPath(new URL('./main.js', import.meta.url));
  try {
    execve(process.execPath, [process.execPath, ...flags, main, ...process.argv.slice(2)], process.env);
  } catch (error) {
    // Slower, but serving: better than not starting.
    console.warn(
      `Could not restart with the server's node flags (${(error as NodeJS.ErrnoException).code ?? 'error'}); running with those given.`,
    );
  }
}
await import('./main.js');
