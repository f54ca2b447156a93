/** How far a long piece of work has come: `done` of `total` items (total where it is known). */
export interface Progress {
  done: number;
  total?: number;
}

/** What a service calls as its work advances; it says nothing of where, or whether, progress is shown. */
export type OnProgress = (progress: Progress) => void;

/** The part of a stream a progress line writes to (process.stderr, or a fake in a test). */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

export interface ProgressLineOptions {
  stream?: ProgressStream;
  now?: () => number;
  /** Redraws at most this often (ms), so a fast loop does not spend its time on the terminal. */
  minRedrawMs?: number;
  /** Redraws this often (ms) with nothing new, so one long statement still shows it is alive. */
  heartbeatMs?: number;
}

const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const ERASE_TO_END = '\x1b[K';

/**
 * One line on a terminal, redrawn in place with counts, rate and time, e.g.
 * `Importing: 12,000 of 31,000 rows (39%), 4,100 rows/s, 3 s`. Where the stream is no terminal (a pipe, a log
 * file, CI), it writes nothing at all: a log is no place for carriage returns, and the command's last line says
 * what was done anyway.
 */
export function progressLine(label: string, unit: string, options: ProgressLineOptions = {}) {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? (() => performance.now());
  const minRedrawMs = options.minRedrawMs ?? 100;
  const started = now();
  let latest: Progress | null = null;
  let drawnAt = -Infinity;
  let heartbeat: NodeJS.Timeout | undefined;

  const render = ({ done, total }: Progress) => {
    const seconds = (now() - started) / 1000;
    const parts = [`${count.format(done)}${total === undefined ? '' : ` of ${count.format(total)}`} ${unit}`];
    if (total) parts[0] += ` (${Math.floor((100 * done) / total)}%)`;
    if (done > 0 && seconds > 0) parts.push(`${count.format(done / seconds)} ${unit}/s`);
    parts.push(`${count.format(Math.floor(seconds))} s`);
    return `\r${label}: ${parts.join(', ')}${ERASE_TO_END}`;
  };
  const draw = () => {
    if (!latest) return;
    stream.write(render(latest));
    drawnAt = now();
  };

  if (!stream.isTTY) return { onProgress: (() => undefined) as OnProgress, end: () => undefined };
  return {
    onProgress: ((progress) => {
      latest = progress;
      if (options.heartbeatMs !== 0 && !heartbeat) {
        heartbeat = setInterval(draw, options.heartbeatMs ?? 1000);
        heartbeat.unref();
      }
      if (now() - drawnAt >= minRedrawMs || progress.done === progress.total) draw();
    }) as OnProgress,
    /** Draws the final count and ends the line, so that what the command prints next starts on a line of its own. */
    end: () => {
      clearInterval(heartbeat);
      if (!latest) return;
      draw();
      stream.write('\n');
    },
  };
}

/** Runs `work` with a progress line on stderr, ended however the work ends. */
export async function withProgressLine<T>(label: string, unit: string, work: (onProgress: OnProgress) => Promise<T>): Promise<T> {
  const line = progressLine(label, unit);
  try {
    return await work(line.onProgress);
  } finally {
    line.end();
  }
}
