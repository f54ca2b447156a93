import { setTimeout as sleep } from 'node:timers/promises';

/** Errors of a server that is not there yet or not ready yet: worth another try while the start may wait. */
const NOT_YET_THERE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
/** cannot_connect_now: "the database system is starting up" (or in recovery, or shutting down for a restart). */
const STARTING_UP = '57P03';

const FIRST_DELAY_MS = 250;
/** A few seconds: a server that comes up is found soon after, and a waiting start logs a line at most this often. */
const MAX_DELAY_MS = 4000;

export interface RetryClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: RetryClock = { now: () => Date.now(), sleep: (ms) => sleep(ms) };

export interface ConnectRetryOptions {
  /** How long to keep trying, from the first attempt; 0 tries once. */
  retrySeconds: number;
  /** Told before each wait; says nothing of where the server is or who connects (the caller's log line). */
  onRetry?: (retry: { attempt: number; reason: string; delayMs: number }) => void;
  clock?: RetryClock;
}

/**
 * Why a connection failed, if it is one a later attempt may not meet: the error's code, or what pg says when the
 * server hangs up during the handshake or a connect timeout passes. Refusals that another try cannot change (a
 * wrong password, a missing database) are null.
 */
export function transientReason(error: unknown): string | null {
  const { code, errors, message } = (error ?? {}) as { code?: string; errors?: unknown[]; message?: string };
  if (code === STARTING_UP) return `${STARTING_UP}, the database system is starting up`;
  if (code && NOT_YET_THERE.has(code)) return code;
  // Node's happy eyeballs (localhost as ::1 and 127.0.0.1) fails with an AggregateError of one error per address.
  const inner = errors?.map(transientReason).find((reason) => reason !== null);
  if (inner) return inner;
  if (typeof message === 'string' && /^Connection terminated|timeout expired/i.test(message)) return 'connection ended';
  return null;
}

/**
 * Runs `connect` until it succeeds, retrying transient failures with exponential backoff (0.25 s, doubling, at most
 * 4 s) until `retrySeconds` have passed; then, or at the first other failure, the last error is thrown as it came,
 * for the start's usual message.
 */
export async function connectWithRetry<T>(connect: () => Promise<T>, options: ConnectRetryOptions): Promise<T> {
  const clock = options.clock ?? realClock;
  const deadline = clock.now() + options.retrySeconds * 1000;
  let delayMs = FIRST_DELAY_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      return await connect();
    } catch (error) {
      const reason = transientReason(error);
      const left = deadline - clock.now();
      if (reason === null || left <= 0) throw error;
      const wait = Math.min(delayMs, left);
      options.onRetry?.({ attempt, reason, delayMs: wait });
      await clock.sleep(wait);
      delayMs = Math.min(delayMs * 2, MAX_DELAY_MS);
    }
  }
}
