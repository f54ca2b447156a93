import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';

const MINUTE_MS = 60_000;
/** How often a replica adds its counts to the shared totals and reads them back. */
export const SHARE_EVERY_MS = 1_000;

interface Counter {
  /** The total of every replica at the last exchange. */
  shared: number;
  /** Counted here since. */
  pending: number;
}

/**
 * Per-minute windows of usage (requests, cost) by key, for the budgets of tokens, addresses and organisations.
 * On a PostgreSQL server, shared by every replica: each counts in memory (no statement per request) and every second
 * adds its counts to `usage_windows` and reads back the totals, so a budget holds across replicas give or take one
 * second of their traffic. On the embedded database there is one replica, and the windows stay in memory.
 */
@Injectable()
export class UsageWindows implements OnModuleInit, OnModuleDestroy {
  private minute: number;
  private counters = new Map<string, Counter>();
  private timer?: NodeJS.Timeout;
  private exchanging?: Promise<void>;
  private readonly logger = new Logger(UsageWindows.name);
  /** The clock; tests move it. */
  now: () => number = Date.now;

  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {
    this.minute = Math.floor(this.now() / MINUTE_MS);
  }

  onModuleInit(): void {
    if (this.config.usesEmbeddedDatabase) return;
    this.timer = setInterval(() => void this.share(), SHARE_EVERY_MS).unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.exchanging;
  }

  /** Adds `amount` to the key's window of this minute; the answer is the window's total, this replica's share included. */
  add(key: string, amount: number): number {
    this.roll();
    let counter = this.counters.get(key);
    if (!counter) this.counters.set(key, (counter = { shared: 0, pending: 0 }));
    counter.pending += amount;
    return counter.shared + counter.pending;
  }

  /** Seconds until the windows start again. */
  secondsLeft(): number {
    return Math.max(1, Math.ceil(((this.minute + 1) * MINUTE_MS - this.now()) / 1000));
  }

  /** Adds this replica's counts to the shared totals and reads them back (once at a time). */
  share(): Promise<void> {
    this.exchanging ??= this.exchange().finally(() => (this.exchanging = undefined));
    return this.exchanging;
  }

  private async exchange(): Promise<void> {
    this.roll();
    const minute = this.minute;
    const keys: string[] = [];
    const amounts: number[] = [];
    // Every key of this minute, those with nothing new too: their totals move with the other replicas' counts.
    for (const [key, counter] of this.counters) {
      keys.push(key);
      amounts.push(counter.pending);
      counter.shared += counter.pending;
      counter.pending = 0;
    }
    if (keys.length === 0) return;
    try {
      const totals: { key: string; used: string }[] = await this.dataSource.query(
        `WITH gone AS (DELETE FROM usage_windows WHERE minute < $1 - 1)
         INSERT INTO usage_windows (key, minute, used) SELECT key, $1, used FROM unnest($2::text[], $3::bigint[]) AS counted(key, used)
         ON CONFLICT (minute, key) DO UPDATE SET used = usage_windows.used + excluded.used
         RETURNING key, used`,
        [minute, keys, amounts],
      );
      if (minute !== this.minute) return;
      for (const { key, used } of totals) {
        const counter = this.counters.get(key);
        if (counter) counter.shared = Math.max(counter.shared, Number(used));
      }
    } catch (error) {
      // The budgets then hold per replica until the database answers again; the requests are not held up.
      this.logger.warn(`Usage windows not shared: ${(error as Error).message.slice(0, 200)}`);
    }
  }

  private roll(): void {
    const minute = Math.floor(this.now() / MINUTE_MS);
    if (minute === this.minute) return;
    this.minute = minute;
    this.counters = new Map();
  }
}
