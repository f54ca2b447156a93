/**
 * What `npm start` runs: the service (main.ts), with V8's young generation sized for where its database is
 * (node-flags.ts). On a PostgreSQL server the process replaces itself (same pid, same parent, so npm, systemd and
 * a container runtime see no difference) with the server's flags. Node 24 can (process.execve); Node 20 cannot, and
 * runs on with the flags it was given.
 */
import { serverFlagsInstead } from './node-flags.js';

type Execve = (file: string, args: string[], env: NodeJS.ProcessEnv) => never;

const execve = (process as unknown as { execve?: Execve }).execve;
const flags = serverFlagsInstead(process.env, process.execArgv);
if (flags && execve) {
  const main = new URL('./main.js', import.meta.url).pathname;
  execve(process.execPath, [process.execPath, ...flags, main, ...process.argv.slice(2)], process.env);
}
await import('./main.js');
