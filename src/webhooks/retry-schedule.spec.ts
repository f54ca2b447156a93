import { MAX_RETRY_AFTER_SECONDS, nextAttemptAt, RETRY_DELAYS_SECONDS, retryAfterSeconds } from './retry-schedule.js';

const NOW = new Date('2026-12-01T00:00:00Z');
const after = (at: Date | null) => (at!.getTime() - NOW.getTime()) / 1000;

describe('the webhook retry schedule', () => {
  it('spreads attempts over about a day, with at most 20 % jitter either way', () => {
    const total = RETRY_DELAYS_SECONDS.reduce((sum, delay) => sum + delay, 0);
    expect(total / 3600).toBeGreaterThan(24);
    expect(total / 3600).toBeLessThan(30);
    expect(after(nextAttemptAt(1, NOW, null, () => 0))).toBe(4);
    expect(after(nextAttemptAt(1, NOW, null, () => 1))).toBe(6);
    expect(after(nextAttemptAt(7, NOW, null, () => 0.5))).toBe(10 * 3600);
    expect(nextAttemptAt(RETRY_DELAYS_SECONDS.length + 1, NOW, null)).toBeNull();
  });

  it('waits at least as long as Retry-After asks, up to a day', () => {
    expect(after(nextAttemptAt(1, NOW, 120, () => 0.5))).toBe(120);
    expect(after(nextAttemptAt(5, NOW, 1, () => 0.5))).toBe(5 * 3600);
    expect(after(nextAttemptAt(1, NOW, 10 * 86_400, () => 0.5))).toBe(MAX_RETRY_AFTER_SECONDS);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterSeconds('90', NOW)).toBe(90);
    expect(retryAfterSeconds('Tue, 01 Dec 2026 00:02:00 GMT', NOW)).toBe(120);
    expect(retryAfterSeconds('soon', NOW)).toBeNull();
    expect(retryAfterSeconds(undefined, NOW)).toBeNull();
  });
});
