import { Injectable } from '@nestjs/common';

const DAY_MS = 86_400_000;

/**
 * The time, as the service sees it. Follow-up schedules run over months; tests
 * replace this provider to move time instead of waiting for it.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }

  /** The last day today() answered, by its number since 1970, and as text. */
  private lastDay = { number: NaN, text: '' };

  /** The calendar day (UTC), YYYY-MM-DD. Asked for each follow-up of a page: the text is made once a day, not each time. */
  today(): string {
    const at = this.now().getTime();
    const number = Math.floor(at / DAY_MS);
    if (number !== this.lastDay.number) this.lastDay = { number, text: new Date(at).toISOString().slice(0, 10) };
    return this.lastDay.text;
  }
}
