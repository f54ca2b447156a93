import { Clock } from '../../src/common/clock.js';

/** A clock the test moves: a year of follow-ups passes in milliseconds. */
export class ManualClock extends Clock {
  private current = new Date();

  now(): Date {
    return new Date(this.current);
  }

  setDay(day: string): void {
    this.current = new Date(`${day}T12:00:00Z`);
  }

  advanceDays(days: number): void {
    this.current = new Date(this.current.getTime() + days * 86_400_000);
  }
}
