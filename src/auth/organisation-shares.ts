import { Injectable } from '@nestjs/common';
import { RateLimitedError } from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';

interface Waiting {
  admit: () => void;
  refuse: (error: Error) => void;
  timer: NodeJS.Timeout;
}

interface Share {
  running: number;
  /** When this organisation last had a request running (performance.now()), while it has none. */
  lastSeen: number;
  waiting: Waiting[];
  /** Pausing after a turn: no next turn starts until the pause is over. */
  paused: boolean;
  /** Until when (performance.now()), after its pause, its next turn also waits while another organisation's request runs. */
  yieldsUntil: number;
}

/** The turns of a client's address (for a credential not seen before: organisationTurns) are named so. */
export const ADDRESS_TURN_PREFIX = 'address:';

/** How long a request waits for its organisation's turn before it is told to come back. */
const MAX_WAIT_MS = 10_000;
/** Requests of one organisation that may wait at once: a browser's or a script's parallel requests, not a flood. */
const MAX_WAITING = 64;
/** A request told to come back is told to wait this long. */
const RETRY_AFTER_SECONDS = 1;
/** An organisation counts as active this long after its last request: a person clicking leaves gaps between requests. */
const ACTIVE_FOR_MS = 1_000;
/** The longest pause after a turn (a turn of a slow export may take seconds). */
const MAX_PAUSE_MS = 1_000;

/**
 * Each organisation's share of this replica: alone, an organisation runs up to `perOrganisation` requests at once;
 * while another organisation is active, one at a time, and when it has more waiting, it pauses after each turn for
 * as long as the turn took (at least 1 ms, at most 1 s), then lets a request of another organisation that is running
 * finish first, for as long again at most, before the next starts. The next requests wait their turn in order (at
 * most 64 of them, for at most 10 s) and beyond that are refused with RATE_LIMITED.
 *
 * Why one at a time: the database is not all that is shared. Every request also takes its turns on the service's
 * one event loop, and a request of another organisation waits behind each piece of work queued there; the fewer a
 * flooding organisation's requests in flight, the fewer pieces there are to wait behind. Why the pause: one at a
 * time, a flood's next request starts the moment the last one ends, and the flood keeps the event loop busy for
 * as long as it lasts; with the pause it holds it at most half the time, and the others' requests find it free
 * the other half (scenario 5 of the bench). A request whose credential authenticated before takes its turn before it
 * is read (organisationTurns), so its parsing and validation fall inside the turn too. The pool is each replica's
 * own, and so are these shares.
 */
@Injectable()
export class OrganisationShares {
  readonly perOrganisation: number;
  private readonly fair: boolean;
  private readonly shares = new Map<string, Share>();

  constructor(config: AppConfig) {
    const pool = config.usesEmbeddedDatabase ? 1 : config.DATABASE_POOL_SIZE;
    this.perOrganisation = config.ORGANISATION_CONCURRENCY ?? Math.max(1, Math.floor(pool / 2));
    this.fair = config.FAIR_SHARING === 'true';
  }

  /**
   * Waits for a turn of the organisation; the answer gives the turn back (once, however often it is called).
   * A request whose client has gone (`gone` aborted) leaves the queue rather than take a turn nobody gives back.
   */
  async take(organisationId: string, gone?: AbortSignal): Promise<() => void> {
    let share = this.shares.get(organisationId);
    if (!share) this.shares.set(organisationId, (share = { running: 0, lastSeen: 0, waiting: [], paused: false, yieldsUntil: 0 }));
    if (share.waiting.length === 0 && this.admits(organisationId, share)) {
      share.running++;
      // While another organisation is active, the turn starts on the event loop's next turn: what others have
      // waiting runs first, and the organisation's own requests that arrive meanwhile queue behind it, so the pause
      // after it applies to a flood whose requests each run in one go (documents refused at validation).
      if (this.fair && this.othersActive(organisationId)) await new Promise((resolve) => setImmediate(resolve));
    } else {
      if (share.waiting.length >= MAX_WAITING) throw this.refusal();
      await new Promise<void>((admit, refuse) => {
        const entry: Waiting = {
          admit: () => (gone?.removeEventListener('abort', leave), admit()),
          refuse,
          timer: setTimeout(() => this.giveUp(share, entry), MAX_WAIT_MS),
        };
        const leave = () => (clearTimeout(entry.timer), this.giveUp(share, entry));
        share.waiting.push(entry);
        if (gone?.aborted) leave();
        else gone?.addEventListener('abort', leave, { once: true });
      });
    }
    const started = performance.now();
    let given = false;
    return () => {
      if (given) return;
      given = true;
      this.release(organisationId, share, started);
    };
  }

  /** Whether the organisation may start one more request now. */
  private admits(organisationId: string, share: Share): boolean {
    if (share.paused) return false;
    if (performance.now() < share.yieldsUntil && this.othersRunning(organisationId)) return false;
    if (share.running === 0) return true;
    return share.running < this.perOrganisation && !(this.fair && this.othersActive(organisationId));
  }

  private othersActive(organisationId: string): boolean {
    const now = performance.now();
    for (const [other, theirs] of this.shares) {
      if (other !== organisationId && (theirs.running > 0 || now - theirs.lastSeen < ACTIVE_FOR_MS)) return true;
    }
    return false;
  }

  /**
   * Whether another organisation has a request running. Not an address's turn: its request goes on to wait for its
   * organisation's turn (the guard), which may be this one's, and would be waited for while it waits.
   */
  private othersRunning(organisationId: string): boolean {
    for (const [other, theirs] of this.shares) {
      if (other !== organisationId && theirs.running > 0 && !other.startsWith(ADDRESS_TURN_PREFIX)) return true;
    }
    return false;
  }

  private release(organisationId: string, share: Share, started: number): void {
    share.running--;
    const now = performance.now();
    if (share.running === 0) share.lastSeen = now;
    const pause = Math.min(now - started, MAX_PAUSE_MS);
    if (this.fair && share.waiting.length > 0 && !share.paused && this.othersActive(organisationId)) {
      share.paused = true;
      // A turn under a millisecond pauses for one (a timer's least). Admitted at once, the next request would run on
      // from this one's end without giving the event loop back: a flood of cheap requests (documents refused at
      // validation, 0.5 ms each) chained its turns that way, ten at a time.
      const length = Math.max(pause, 1);
      const resume = () => {
        share.paused = false;
        // Then it lets another organisation's request that is running finish first, for as long again at most. A
        // request takes several turns of the event loop (its token, its statements, its answer), and a flood's turn
        // that starts between two of them delays it by a whole turn each time; so the flood's turns fall between
        // the others' requests rather than inside them (scenario 5 of the bench).
        const until = (share.yieldsUntil = performance.now() + length);
        // Ended by its timer, even if performance.now() falls just short then (timers count the event loop's whole ms).
        setTimeout(() => {
          if (share.yieldsUntil === until) share.yieldsUntil = 0;
          this.admitWaiting();
        }, length).unref();
        this.admitWaiting();
      };
      setTimeout(resume, length).unref();
    }
    this.admitWaiting();
  }

  /** Starts every waiting request that may start now, and forgets organisations no longer active. */
  private admitWaiting(): void {
    const now = performance.now();
    for (const [organisationId, share] of this.shares) {
      while (share.waiting.length > 0 && this.admits(organisationId, share)) {
        const next = share.waiting.shift()!;
        clearTimeout(next.timer);
        share.running++;
        next.admit();
      }
      if (share.running === 0 && share.waiting.length === 0 && now - share.lastSeen >= ACTIVE_FOR_MS) this.shares.delete(organisationId);
    }
  }

  private giveUp(share: Share, entry: Waiting): void {
    const at = share.waiting.indexOf(entry);
    if (at < 0) return;
    share.waiting.splice(at, 1);
    entry.refuse(this.refusal());
  }

  private refusal(): RateLimitedError {
    return new RateLimitedError(
      `Your organisation has too many requests running at once (up to ${this.perOrganisation} run, ${MAX_WAITING} may wait): try again in ${RETRY_AFTER_SECONDS} second.`,
      RETRY_AFTER_SECONDS,
    );
  }
}
