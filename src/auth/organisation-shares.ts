import { Injectable } from '@nestjs/common';
import { RateLimitedError } from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';

interface Share {
  running: number;
  waiting: { admit: () => void; refuse: (error: Error) => void; timer: NodeJS.Timeout }[];
}

/** How long a request waits for its organisation's turn before it is told to come back. */
const MAX_WAIT_MS = 10_000;
/** Requests of one organisation that may wait at once: a browser's or a script's parallel requests, not a flood. */
const MAX_WAITING = 64;
/** A request told to come back is told to wait this long. */
const RETRY_AFTER_SECONDS = 1;

/**
 * Each organisation's share of this replica's database connections: at most `perOrganisation` of its requests run
 * at once; the next ones wait their turn in order (at most 64 of them, for at most 10 s) and beyond that are
 * refused with RATE_LIMITED. One organisation's flood then holds at most its share of the pool, and every other
 * organisation's requests find a connection. The pool is each replica's own, so the share is too.
 */
@Injectable()
export class OrganisationShares {
  readonly perOrganisation: number;
  private readonly shares = new Map<string, Share>();

  constructor(config: AppConfig) {
    const pool = config.usesEmbeddedDatabase ? 1 : config.DATABASE_POOL_SIZE;
    this.perOrganisation = config.ORGANISATION_CONCURRENCY ?? Math.max(1, Math.floor(pool / 2));
  }

  /** Waits for a turn of the organisation; the answer gives the turn back (once, however often it is called). */
  async take(organisationId: string): Promise<() => void> {
    let share = this.shares.get(organisationId);
    if (!share) this.shares.set(organisationId, (share = { running: 0, waiting: [] }));
    if (share.running < this.perOrganisation) {
      share.running++;
    } else {
      if (share.waiting.length >= MAX_WAITING) throw this.refusal();
      await new Promise<void>((admit, refuse) => {
        const entry = { admit, refuse, timer: setTimeout(() => this.giveUp(share, entry), MAX_WAIT_MS) };
        share.waiting.push(entry);
      });
    }
    let given = false;
    return () => {
      if (given) return;
      given = true;
      this.release(organisationId, share);
    };
  }

  private release(organisationId: string, share: Share): void {
    const next = share.waiting.shift();
    if (next) {
      // The turn passes straight to the next request waiting: running stays the same.
      clearTimeout(next.timer);
      next.admit();
      return;
    }
    share.running--;
    if (share.running === 0) this.shares.delete(organisationId);
  }

  private giveUp(share: Share, entry: Share['waiting'][number]): void {
    const at = share.waiting.indexOf(entry);
    if (at >= 0) share.waiting.splice(at, 1);
    entry.refuse(this.refusal());
  }

  private refusal(): RateLimitedError {
    return new RateLimitedError(
      `Your organisation has too many requests running at once (${this.perOrganisation} run, ${MAX_WAITING} may wait): try again in ${RETRY_AFTER_SECONDS} second.`,
      RETRY_AFTER_SECONDS,
    );
  }
}
