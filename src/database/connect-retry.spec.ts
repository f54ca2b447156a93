import { jest } from '@jest/globals';
import { connectWithRetry, RetryClock, transientReason } from './connect-retry.js';

/** A clock whose sleeps pass at once and are written down. */
function fakeClock(): RetryClock & { sleeps: number[] } {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

const refused = () => Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' });
const startingUp = () => Object.assign(new Error('the database system is starting up'), { code: '57P03' });
const wrongPassword = () => Object.assign(new Error('password authentication failed for user "ravot"'), { code: '28P01' });

/** An attempt function that fails with the given errors, in order, and then connects. */
function failingWith(...failures: Error[]) {
  const attempt = jest.fn(async () => {
    const failure = failures.shift();
    if (failure) throw failure;
    return 'connected';
  });
  return attempt;
}

describe('connectWithRetry', () => {
  it('waits out a server that refuses, then one that is starting up, with doubling waits', async () => {
    const clock = fakeClock();
    const retries: { attempt: number; reason: string; delayMs: number }[] = [];
    const connect = failingWith(refused(), refused(), startingUp(), startingUp());
    await expect(connectWithRetry(connect, { retrySeconds: 60, clock, onRetry: (retry) => retries.push(retry) })).resolves.toBe(
      'connected',
    );
    expect(connect).toHaveBeenCalledTimes(5);
    expect(clock.sleeps).toEqual([250, 500, 1000, 2000]);
    expect(retries.map((retry) => retry.reason)).toEqual([
      'ECONNREFUSED',
      'ECONNREFUSED',
      '57P03, the database system is starting up',
      '57P03, the database system is starting up',
    ]);
    expect(retries.map((retry) => retry.attempt)).toEqual([1, 2, 3, 4]);
  });

  it('caps the wait at 4 s and gives up with the last error once the time is spent', async () => {
    const clock = fakeClock();
    const last = refused();
    const connect = jest.fn(async () => {
      throw clock.now() >= 20_000 ? last : refused();
    });
    await expect(connectWithRetry(connect, { retrySeconds: 20, clock })).rejects.toBe(last);
    expect(Math.max(...clock.sleeps)).toBe(4000);
    // 0.25 + 0.5 + 1 + 2 + 4 × 4 = 19.75 s, then the 0.25 s that are left: no wait runs past the deadline.
    expect(clock.sleeps).toEqual([250, 500, 1000, 2000, 4000, 4000, 4000, 4000, 250]);
    expect(clock.now()).toBe(20_000);
  });

  it('tries once with 0 seconds', async () => {
    const clock = fakeClock();
    const connect = failingWith(refused());
    await expect(connectWithRetry(connect, { retrySeconds: 0, clock })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(connect).toHaveBeenCalledTimes(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('does not retry what another try cannot change (a wrong password), and throws it as it came', async () => {
    const clock = fakeClock();
    const refusal = wrongPassword();
    const connect = failingWith(refused(), refusal);
    await expect(connectWithRetry(connect, { retrySeconds: 60, clock })).rejects.toBe(refusal);
    expect(connect).toHaveBeenCalledTimes(2);
  });
});

describe('transientReason', () => {
  it.each([
    ['a refused connection', refused(), 'ECONNREFUSED'],
    ['a name not resolved yet', Object.assign(new Error('getaddrinfo EAI_AGAIN db'), { code: 'EAI_AGAIN' }), 'EAI_AGAIN'],
    ['a server starting up', startingUp(), '57P03, the database system is starting up'],
    ['a hang-up during the handshake', new Error('Connection terminated unexpectedly'), 'connection ended'],
    ['a connect timeout', new Error('timeout expired'), 'connection ended'],
    ['every address of localhost refused', new AggregateError([refused(), refused()]), 'ECONNREFUSED'],
  ])('retries %s', (_, error, reason) => {
    expect(transientReason(error)).toBe(reason);
  });

  it.each([
    ['a wrong password', wrongPassword()],
    ['a missing database', Object.assign(new Error('database "ravot" does not exist'), { code: '3D000' })],
    ['a programming error', new TypeError('x is not a function')],
    ['nothing', undefined],
  ])('gives up on %s', (_, error) => {
    expect(transientReason(error)).toBeNull();
  });

  it('never puts the error message into its reason, which may hold an address', () => {
    expect(transientReason(refused())).not.toContain('10.0.0.5');
  });
});
