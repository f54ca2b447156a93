import { jest } from '@jest/globals';
import { RateLimitedError } from '../common/errors.js';
import { loadConfig } from '../config/app-config.js';
import { ADDRESS_TURN_PREFIX, OrganisationShares } from './organisation-shares.js';

const settle = () => new Promise((resolve) => setImmediate(resolve));

/** Shares under fake timers, and a `take` that logs each request's name as it starts. */
function sharesLoggingStarts(concurrency: string) {
  jest.useFakeTimers({ doNotFake: ['setImmediate'] });
  const shares = new OrganisationShares(loadConfig({ ORGANISATION_CONCURRENCY: concurrency }));
  const started: string[] = [];
  const take = (organisation: string, name: string) => shares.take(organisation).then((giveBack) => (started.push(name), giveBack));
  return { started, take };
}

describe("an organisation's share of the database", () => {
  afterEach(() => jest.useRealTimers());

  it('takes half the pool by default, one connection on the embedded database, or what is configured', () => {
    expect(new OrganisationShares(loadConfig({ DATABASE_URL: 'postgres://db/ravot', DATABASE_POOL_SIZE: '10' })).perOrganisation).toBe(5);
    expect(new OrganisationShares(loadConfig({})).perOrganisation).toBe(1);
    expect(new OrganisationShares(loadConfig({ ORGANISATION_CONCURRENCY: '3' })).perOrganisation).toBe(3);
  });

  it("runs an organisation's requests beyond its share in turn, in order, and another organisation's at once", async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    const shares = new OrganisationShares(loadConfig({ ORGANISATION_CONCURRENCY: '2' }));
    const order: string[] = [];
    const turns = ['a1', 'a2', 'a3', 'a4'].map((name) => shares.take('A').then((giveBack) => (order.push(name), giveBack)));
    await settle();
    expect(order).toEqual(['a1', 'a2']);
    const other = await shares.take('B');
    expect(order).toEqual(['a1', 'a2']);
    other();
    jest.advanceTimersByTime(1_000);
    const first = await turns[0];
    first();
    first(); // giving a turn back twice gives back one turn
    await settle();
    expect(order).toEqual(['a1', 'a2', 'a3']);
    (await turns[1])();
    await settle();
    expect(order).toEqual(['a1', 'a2', 'a3', 'a4']);
  });

  it('runs one request at a time of an organisation while another organisation is active, and its share again once it is alone', async () => {
    const { started, take } = sharesLoggingStarts('3');
    const a1 = await take('A', 'a1');
    const b1 = await take('B', 'b1');
    const a2 = take('A', 'a2');
    await settle();
    expect(started).toEqual(['a1', 'b1']);
    b1();
    a1();
    await settle();
    // B finished just now: A still runs one at a time, as if B's next click were coming, and pauses after a1, for
    // the least a timer waits (a millisecond) however short a1 was: a flood of cheap requests would otherwise run
    // each one on from the end of the last without giving the event loop back.
    expect(started).toEqual(['a1', 'b1']);
    jest.advanceTimersByTime(1);
    await settle();
    expect(started).toEqual(['a1', 'b1', 'a2']);
    const a3 = take('A', 'a3');
    await settle();
    expect(started).toEqual(['a1', 'b1', 'a2']);
    jest.advanceTimersByTime(1_000);
    (await a2)();
    await settle();
    expect(started).toEqual(['a1', 'b1', 'a2', 'a3']);
    const [a4, a5] = [take('A', 'a4'), take('A', 'a5')];
    await settle();
    expect(started).toEqual(['a1', 'b1', 'a2', 'a3', 'a4', 'a5']);
    for (const turn of [a3, a4, a5]) (await turn)();
  });

  it('pauses an organisation with requests waiting after each turn, as long as the turn took, while another is active', async () => {
    const { started, take } = sharesLoggingStarts('3');
    // B is active (it had a request a moment ago) but has none running: nothing to let finish first after a pause.
    const b1 = await take('B', 'b1');
    b1();
    const a1 = await take('A', 'a1');
    const [a2, a3] = [take('A', 'a2'), take('A', 'a3')];
    jest.advanceTimersByTime(30);
    a1();
    await settle();
    expect(started).toEqual(['b1', 'a1']);
    jest.advanceTimersByTime(29);
    await settle();
    expect(started).toEqual(['b1', 'a1']);
    jest.advanceTimersByTime(1);
    await settle();
    expect(started).toEqual(['b1', 'a1', 'a2']);
    jest.advanceTimersByTime(10);
    (await a2)();
    await settle();
    jest.advanceTimersByTime(9);
    await settle();
    expect(started).toEqual(['b1', 'a1', 'a2']);
    jest.advanceTimersByTime(1);
    await settle();
    expect(started).toEqual(['b1', 'a1', 'a2', 'a3']);
    // Nothing waited behind a3: its end starts no pause, and A's next request runs at once.
    jest.advanceTimersByTime(10);
    (await a3)();
    const a4 = await take('A', 'a4');
    expect(started).toEqual(['b1', 'a1', 'a2', 'a3', 'a4']);
    a4();
  });

  it("after its pause, lets another organisation's running request finish first, for as long again at most", async () => {
    const { started, take } = sharesLoggingStarts('3');
    const b1 = await take('B', 'b1');
    const a1 = await take('A', 'a1');
    const [a2, a3] = [take('A', 'a2'), take('A', 'a3')];
    jest.advanceTimersByTime(30);
    a1();
    // The pause (30 ms), then B's request still running: A waits for it.
    jest.advanceTimersByTime(30);
    await settle();
    jest.advanceTimersByTime(20);
    await settle();
    expect(started).toEqual(['b1', 'a1']);
    b1();
    await settle();
    expect(started).toEqual(['b1', 'a1', 'a2']);

    // B runs a request that outlasts A's pause and as long again: A's next turn starts without waiting any longer.
    const b2 = await take('B', 'b2');
    jest.advanceTimersByTime(10);
    (await a2)();
    jest.advanceTimersByTime(10);
    await settle();
    jest.advanceTimersByTime(9);
    await settle();
    expect(started).toEqual(['b1', 'a1', 'a2', 'b2']);
    jest.advanceTimersByTime(1);
    await settle();
    expect(started).toEqual(['b1', 'a1', 'a2', 'b2', 'a3']);
    (await a3)();
    b2();
  });

  it("does not wait after its pause for a request in an address's turn, which may be waiting for its own", async () => {
    const { started, take } = sharesLoggingStarts('3');
    const address = await take(`${ADDRESS_TURN_PREFIX}client`, 'first request of a token');
    const a1 = await take('A', 'a1');
    const a2 = take('A', 'a2');
    jest.advanceTimersByTime(30);
    a1();
    jest.advanceTimersByTime(30);
    await settle();
    expect(started).toEqual(['first request of a token', 'a1', 'a2']);
    (await a2)();
    address();
  });

  it('starts a turn after what is queued on the event loop while another organisation is active, and at once when it is alone', async () => {
    const shares = new OrganisationShares(loadConfig({ ORGANISATION_CONCURRENCY: '3' }));
    const startsAfter = async (organisation: string) => {
      const order: string[] = [];
      // Work already queued: another organisation's answer, or the same organisation's next request arriving.
      setImmediate(() => order.push('queued'));
      const giveBack = await shares.take(organisation);
      order.push('turn');
      await settle();
      giveBack();
      return order;
    };
    expect(await startsAfter('A')).toEqual(['turn', 'queued']);
    const other = await shares.take('B');
    // A flood whose requests each run in one go (a document refused at validation) would otherwise find its
    // organisation free at every arrival: nothing would ever wait, and no pause would follow its turns.
    expect(await startsAfter('A')).toEqual(['queued', 'turn']);
    other();
  });

  it('does not pause an organisation that is alone', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    const shares = new OrganisationShares(loadConfig({ ORGANISATION_CONCURRENCY: '1' }));
    const started: string[] = [];
    const a1 = await shares.take('A');
    const a2 = shares.take('A').then((giveBack) => (started.push('a2'), giveBack));
    jest.advanceTimersByTime(50);
    a1();
    await settle();
    expect(started).toEqual(['a2']);
    (await a2)();
  });

  it('with FAIR_SHARING=false, runs its share at once and without pauses while another organisation is active', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    const shares = new OrganisationShares(loadConfig({ ORGANISATION_CONCURRENCY: '2', FAIR_SHARING: 'false' }));
    const started: string[] = [];
    const take = (name: string) => shares.take('A').then((giveBack) => (started.push(name), giveBack));
    const b1 = await shares.take('B');
    const [a1, a2, a3] = [take('a1'), take('a2'), take('a3')];
    await settle();
    expect(started).toEqual(['a1', 'a2']);
    jest.advanceTimersByTime(30);
    (await a1)();
    await settle();
    expect(started).toEqual(['a1', 'a2', 'a3']);
    for (const turn of [a2, a3]) (await turn)();
    b1();
  });

  it('lets a request whose client has gone leave the queue without taking a turn', async () => {
    const shares = new OrganisationShares(loadConfig({ ORGANISATION_CONCURRENCY: '1' }));
    const running = await shares.take('A');
    const gone = new AbortController();
    const leaving = shares.take('A', gone.signal).catch((error: unknown) => error);
    const next = shares.take('A');
    gone.abort();
    expect(await leaving).toBeInstanceOf(RateLimitedError);
    running();
    (await next)();
    // Had the leaving request kept its place, it would hold the only turn now.
    const admitted = jest.fn();
    void shares.take('A').then(admitted);
    await settle();
    expect(admitted).toHaveBeenCalled();
  });

  it('refuses with RATE_LIMITED and a time to come back when 64 requests already wait, or after 10 s of waiting', async () => {
    jest.useFakeTimers();
    const shares = new OrganisationShares(loadConfig({ ORGANISATION_CONCURRENCY: '1' }));
    await shares.take('A');
    const waiting = Array.from({ length: 64 }, () => shares.take('A'));
    const refused = await shares.take('A').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect(refused).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterSeconds: 1 } });
    jest.advanceTimersByTime(10_000);
    const outcomes = await Promise.allSettled(waiting);
    expect(outcomes.every((outcome) => outcome.status === 'rejected' && outcome.reason instanceof RateLimitedError)).toBe(true);
  });
});
