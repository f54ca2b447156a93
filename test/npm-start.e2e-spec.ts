import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './support/free-port.js';
import { buildService, childEnvironment, ROOT } from './support/service-process.js';

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
    const npm = spawn('npm', ['start', '--silent'], {
      cwd: ROOT,
      env: childEnvironment({ RAVOT_DATA_DIR: 'memory://', PORT: String(port) }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    npm.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<void>((resolve) => npm.once('exit', () => resolve()));
    const deadline = Date.now() + 60_000;
    while (!out.includes('GraphQL at') && Date.now() < deadline) await sleep(100);
    expect(out).toContain(`GraphQL at http://localhost:${port}/graphql`);
    const service = nodeBelow(npm.pid!);
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
});
