import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

/** The text of one `## ` section of a markdown text, up to the next `## ` heading; throws if there is none. */
export function markdownSection(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`no section "## ${heading}"`);
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
}

/** The ```bash blocks of a markdown text, in order. */
export function bashBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```bash\n([\s\S]*?)^```$/gm)].map((match) => match[1]);
}

export interface BlocksRun {
  code: number | null;
  /** What each block printed to standard output, by block. */
  outputs: string[];
  stdout: string;
  stderr: string;
  /** Whether everything the blocks started had ended by itself when the last block was done (after a grace period). */
  leftNothingRunning: boolean;
}

const MARKER = '::markdown-block::';

/**
 * Runs the blocks in order in one bash with `set -euo pipefail`, as a reader pasting them into one terminal would,
 * in a process group of its own. Anything the blocks leave running is stopped at the end, with the whole group.
 */
export async function runBashBlocks(
  blocks: string[],
  options: { cwd: string; env: Record<string, string>; timeoutMs: number },
): Promise<BlocksRun> {
  const script = ['set -euo pipefail', ...blocks.flatMap((block, i) => [`echo '${MARKER}${i}'`, block])].join('\n');
  const child = spawn('bash', ['-c', script], { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const closed = new Promise((resolve) => child.once('close', resolve));
  const timer = setTimeout(() => signalGroup(child.pid!, 'SIGKILL'), options.timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
  clearTimeout(timer);
  // A background process that kept bash's output open would hold 'close' back for ever.
  await Promise.race([closed, sleep(2_000)]);
  const leftNothingRunning = await groupEnds(child.pid!, 15_000);
  if (!leftNothingRunning) {
    signalGroup(child.pid!, 'SIGTERM');
    if (!(await groupEnds(child.pid!, 15_000))) signalGroup(child.pid!, 'SIGKILL');
  }
  const outputs = stdout.split(new RegExp(`^${MARKER}\\d+\\n`, 'm')).slice(1);
  return { code, outputs, stdout, stderr, leftNothingRunning };
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group has ended already.
  }
}

async function groupEnds(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      process.kill(-pid, 0);
    } catch {
      return true;
    }
    await sleep(200);
  }
  return false;
}
