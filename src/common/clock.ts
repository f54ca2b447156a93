import { Injectable } from '@nestjs/common';

/**
 * The time, as the service sees it. Follow-up schedules run over months; tests
 * replace this provider to move time instead of waiting for it.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }

  /** The calendar day (UTC), YYYY-MM-DD. */
  today(): string {
    return this.now().toISOString().slice(0, 10);
  }
}
