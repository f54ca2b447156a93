import { afterEach, jest } from '@jest/globals';
import { progressLine } from './progress.js';

/** A stream that keeps what is written to it, as a terminal (isTTY) or a pipe. */
function fakeStream(isTTY: boolean) {
  const written: string[] = [];
  return { isTTY, written, write: (text: string) => written.push(text) };
}

/** A clock the test moves by hand, in milliseconds. */
function fakeClock() {
  let time = 0;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

describe('progressLine', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('redraws one line in place on a terminal with counts, share, rate and time, and ends it', () => {
    const stream = fakeStream(true);
    const clock = fakeClock();
    const line = progressLine('Importing', 'rows', { stream, now: clock.now, heartbeatMs: 0 });
    clock.advance(2000);
    line.onProgress({ done: 1000, total: 4000 });
    clock.advance(2000);
    line.onProgress({ done: 4000, total: 4000 });
    line.end();
    expect(stream.written).toEqual([
      '\rImporting: 1,000 of 4,000 rows (25%), 500 rows/s, 2 s\x1b[K',
      '\rImporting: 4,000 of 4,000 rows (100%), 1,000 rows/s, 4 s\x1b[K',
      '\rImporting: 4,000 of 4,000 rows (100%), 1,000 rows/s, 4 s\x1b[K',
      '\n',
    ]);
  });

  it('writes nothing at all where the stream is no terminal (a pipe, a log file)', () => {
    const stream = fakeStream(false);
    const line = progressLine('Importing', 'rows', { stream });
    line.onProgress({ done: 1, total: 2 });
    line.onProgress({ done: 2, total: 2 });
    line.end();
    expect(stream.written).toEqual([]);
  });

  it('skips redraws that come faster than the terminal needs, but always draws the last count', () => {
    const stream = fakeStream(true);
    const clock = fakeClock();
    const line = progressLine('Re-wrapping data keys', 'keys', { stream, now: clock.now, minRedrawMs: 100, heartbeatMs: 0 });
    for (let done = 1; done <= 10; done++) {
      clock.advance(10);
      line.onProgress({ done, total: 10 });
    }
    expect(stream.written).toHaveLength(2); // the first update, and the last (10 of 10)
    expect(stream.written[1]).toContain('10 of 10 keys (100%)');
  });

  it('shows a count without a total, and no rate before anything is done', () => {
    const stream = fakeStream(true);
    const clock = fakeClock();
    const line = progressLine('Checking the audit chains', 'events', { stream, now: clock.now, heartbeatMs: 0 });
    line.onProgress({ done: 0, total: 120 });
    clock.advance(1500);
    line.onProgress({ done: 7 });
    expect(stream.written).toEqual([
      '\rChecking the audit chains: 0 of 120 events (0%), 0 s\x1b[K',
      '\rChecking the audit chains: 7 events, 5 events/s, 1 s\x1b[K',
    ]);
  });

  it('keeps the time moving while one long step gives no news, and stops when it ends', () => {
    jest.useFakeTimers();
    const stream = fakeStream(true);
    const clock = fakeClock();
    const line = progressLine('Checking the audit chains', 'events', { stream, now: clock.now, heartbeatMs: 1000 });
    line.onProgress({ done: 0, total: 50 });
    clock.advance(3000);
    jest.advanceTimersByTime(3000);
    expect(stream.written.at(-1)).toBe('\rChecking the audit chains: 0 of 50 events (0%), 3 s\x1b[K');
    line.end();
    const written = stream.written.length;
    jest.advanceTimersByTime(5000);
    expect(stream.written).toHaveLength(written);
  });

  it('writes nothing on end when there was no progress to show', () => {
    const stream = fakeStream(true);
    progressLine('Importing', 'rows', { stream }).end();
    expect(stream.written).toEqual([]);
  });
});
