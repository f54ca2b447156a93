import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { TenantDatabase } from '../database/tenant-database.js';
import { RETENTION } from './retention.js';
import { TIME_BASED_EVENTS } from './time-based-events.js';
import { logBackgroundFailure } from '../database/connection-failure.js';

const WORK = 'time-based-events';

/**
 * Announces time-based events (follow-ups due and overdue, consents expired) from inside the service, on the
 * embedded database and on a server alike. Every replica ticks; a run claims the work's row with FOR UPDATE SKIP
 * LOCKED, so replicas never run at once, and moves its due time one interval on, so the network sees one run per
 * interval. What is due is read from the records themselves: a run after downtime catches up, and each event is
 * written once (its once-key) whoever runs it.
 */
@Injectable()
export class Scheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private readonly logger = new Logger(Scheduler.name);

  constructor(
    private readonly config: AppConfig,
    private readonly tenants: TenantDatabase,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.RAVOT_SCHEDULER_INTERVAL_MS;
    if (every > 0) this.timer = setInterval(() => void this.tick(), every).unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  private tick(): Promise<unknown> {
    this.running ??= this.runDue()
      .catch((error: unknown) => logBackgroundFailure(this.logger, 'The scheduled run failed', error))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  /**
   * One run, if it is due and no other replica is in one: the number of events written, or null when it was not this
   * replica's turn. A clock set back by more than an interval (a test, a corrected server clock) runs at once.
   */
  runDue(): Promise<number | null> {
    const now = this.clock.now();
    const interval = `${Math.max(this.config.RAVOT_SCHEDULER_INTERVAL_MS, 1000)} milliseconds`;
    return this.tenants.runAsOwner(async (manager) => {
      const claimed = await manager.query(
        `SELECT name FROM scheduled_work WHERE name = $1 AND (due_at <= $2 OR due_at > $2::timestamptz + $3::interval)
         FOR UPDATE SKIP LOCKED`,
        [WORK, now, interval],
      );
      if (claimed.length === 0) return null;
      let written = 0;
      for (const statement of TIME_BASED_EVENTS) {
        // $1 is now, and $2 today for the statements that count in days.
        const values = statement.includes('$2') ? [now, this.clock.today()] : [now];
        written += ((await manager.query(statement, values)) as unknown[]).length;
      }
      const retentionDays = this.config.RAVOT_EVENT_RETENTION_DAYS;
      if (retentionDays > 0) for (const statement of RETENTION) await manager.query(statement, [retentionDays]);
      await manager.query(`UPDATE scheduled_work SET due_at = $2::timestamptz + $3::interval, last_run_at = $2 WHERE name = $1`, [
        WORK,
        now,
        interval,
      ]);
      return written;
    });
  }
}
