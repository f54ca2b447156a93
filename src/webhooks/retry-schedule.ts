/**
 * When a failed delivery is tried again, after its nth attempt: about 27 hours from the first attempt to the last
 * (the schedule of docs/events.md). Each delay is spread by up to ±20 % so that an endpoint that comes back is not hit
 * by every waiting delivery at the same second.
 */
export const RETRY_DELAYS_SECONDS = [5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600];

/** A Retry-After longer than this is not honoured as such: the delivery waits this long. */
export const MAX_RETRY_AFTER_SECONDS = 24 * 3600;

/** The time of the next attempt after `attempts` attempts, or null when the schedule is spent. */
export function nextAttemptAt(attempts: number, now: Date, retryAfterSeconds: number | null, random = Math.random): Date | null {
  const delay = RETRY_DELAYS_SECONDS[attempts - 1];
  if (delay === undefined) return null;
  const jittered = delay * (0.8 + 0.4 * random());
  const wait = retryAfterSeconds === null ? jittered : Math.max(jittered, Math.min(retryAfterSeconds, MAX_RETRY_AFTER_SECONDS));
  return new Date(now.getTime() + Math.round(wait * 1000));
}

/** Retry-After in seconds (either form: seconds, or an HTTP date), or null if absent or unreadable. */
export function retryAfterSeconds(header: string | undefined, now: Date): number | null {
  if (!header) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, Math.round((at - now.getTime()) / 1000));
}
