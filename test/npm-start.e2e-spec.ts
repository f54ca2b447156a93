import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './support/free-port.js';
import { buildService, childEnvironment, ROOT, serviceDatabase } from './support/service-process.js';
import { ON_EMBEDDED } from './support/test-environment.js';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The node process among a process's descendants (npm may start it through a shell). */
function nodeBelow(pid: number): number | undefined {
  let children: number[];
  try {
    children = execFileSync('pgrep', ['-P', String(pid)])
      .toString()
      .trim()
      .split('\n')
      .map(Number);
  } catch {
    return undefined;
  }
  for (const child of children) {
    // By its command line: Node 24 names its main thread, so /proc/<pid>/comm no longer says node.
    const [command] = readFileSync(`/proc/${child}/cmdline`, 'utf8').split('\0');
    if (basename(command) === 'node') return child;
    const below = nodeBelow(child);
    if (below) return below;
  }
  return undefined;
}

/**
 * `npm start` as an operator runs it under a process manager: a SIGTERM to npm (systemd, a terminal's close, a
 * container runtime that starts npm) must reach the service, not leave it running without its parent.
 */
describe('npm start', () => {
  beforeAll(() => buildService(), 120_000);

  it('hands a SIGTERM sent to npm on to the service, which stops', async () => {
    const port = await freePort();
    const { npm, exited, service } = await npmStart({ RAVOT_DATA_DIR: 'memory://' }, port);
    expect(service).toBeDefined();
    expect(alive(service!)).toBe(true);

    npm.kill('SIGTERM');
    // The service drains and stops within seconds (it has nothing in flight); a SIGTERM that does not reach it
    // leaves it running.
    const stoppedBy = Date.now() + 5_000;
    while (alive(service!) && Date.now() < stoppedBy) await sleep(100);
    expect(alive(service!)).toBe(false);
    await exited;
  }, 120_000);

  it('runs the service with the young generation its database wants: 8 MB semi-spaces embedded, 32 MB on a server', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'ravot-npm-start-'));
    const database = await serviceDatabase(join(folder, 'data'));
    const { npm, exited, service } = await npmStart(database.env, await freePort());
    try {
      const flags = readFileSync(`/proc/${service}/cmdline`, 'utf8').split('\0');
      // Node 20 cannot replace its process (process.execve), and runs on with npm start's flags.
      const canSwitch = typeof (process as unknown as { execve?: unknown }).execve === 'function';
      const semiSpace = ON_EMBEDDED || !canSwitch ? '--max-semi-space-size=8' : '--max-semi-space-size=32';
      expect(flags.filter((flag) => flag.startsWith('--max-semi-space-size'))).toEqual([semiSpace]);
      expect(flags).toContain('--liftoff-only');
    } finally {
      npm.kill('SIGTERM');
      await exited;
      // The replaced process kept its parent, and so still stops with npm.
      const stoppedBy = Date.now() + 5_000;
      while (alive(service!) && Date.now() < stoppedBy) await sleep(100);
      expect(alive(service!)).toBe(false);
      await database.drop();
      rmSync(folder, { recursive: true, force: true });
    }
  }, 120_000);
});

/** `npm start` with the environment given, once the service says it listens; `service` is its node process. */
async function npmStart(env: Record<string, string>, port: number) {
  const npm = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    env: childEnvironment({ ...env, PORT: String(port) }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  npm.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<void>((resolve) => npm.once('exit', () => resolve()));
  const deadline = Date.now() + 60_000;
  while (!out.includes('GraphQL at') && Date.now() < deadline) await sleep(100);
  expect(out).toContain(`GraphQL at http://localhost:${port}/graphql`);
  return { npm, exited, service: nodeBelow(npm.pid!) };
}
