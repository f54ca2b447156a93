import { registerEnumType } from '@nestjs/graphql';

export enum FollowUpStatus {
  UPCOMING = 'UPCOMING',
  DUE = 'DUE',
  OVERDUE = 'OVERDUE',
  SUBMITTED = 'SUBMITTED',
  MISSED = 'MISSED',
  CANCELLED = 'CANCELLED',
}

registerEnumType(FollowUpStatus, {
  name: 'FollowUpStatus',
  valuesMap: {
    UPCOMING: { description: 'More than 14 days before its due day' },
    DUE: { description: 'From 14 days before its due day to 14 days after it, not yet reported' },
    OVERDUE: { description: 'More than 14 days after its due day, not yet reported' },
    SUBMITTED: { description: 'Reported' },
    MISSED: { description: 'Never reported: the referral was closed after its due day' },
    CANCELLED: {
      description: 'Will not be reported: the referral was closed before its due day, or stopped (consent withdrawn or expired)',
    },
  },
});

/** A follow-up's window opens this many days before its due day... */
export const WINDOW_DAYS = 14;
/** ...and it turns OVERDUE this many days after. */
export const GRACE_DAYS = 14;
/** OVERDUE this long, it is flagged to the sender. */
export const ESCALATION_DAYS = 30;
/** The author may correct a report this long after first submitting it. */
export const CORRECTION_DAYS = 7;

export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The same day `months` later, or the month's last day when it has no such day (31 January + 1 month = 28/29 February). */
export function addMonths(day: string, months: number): string {
  const [year, month, date] = day.split('-').map(Number);
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date, lastDay));
  return target.toISOString().slice(0, 10);
}

export interface FollowUpDates {
  dueOn: string;
  submittedAt: Date | null;
  closedAs: 'MISSED' | 'CANCELLED' | null;
}

/** Derived from the dates and the clock; a referral stopped for lapsed consent cancels what was not yet reported. */
export function followUpStatus(followUp: FollowUpDates, today: string, referralStopped = false): FollowUpStatus {
  if (followUp.submittedAt) return FollowUpStatus.SUBMITTED;
  if (followUp.closedAs) return FollowUpStatus[followUp.closedAs];
  if (referralStopped) return FollowUpStatus.CANCELLED;
  // today < dueOn - WINDOW_DAYS, with the shift on today's side: the same for every follow-up of a page, so made once.
  if (shiftedToday(today, WINDOW_DAYS) < followUp.dueOn) return FollowUpStatus.UPCOMING;
  if (shiftedToday(today, -GRACE_DAYS) <= followUp.dueOn) return FollowUpStatus.DUE;
  return FollowUpStatus.OVERDUE;
}

/** The last day each shift was asked for, and the answer (a page asks the same few, once per follow-up). */
const shifts = new Map<number, { today: string; shifted: string }>();

/** addDays(today, days), remembered for the last `today` of each shift. */
function shiftedToday(today: string, days: number): string {
  const last = shifts.get(days);
  if (last?.today === today) return last.shifted;
  const shifted = addDays(today, days);
  shifts.set(days, { today, shifted });
  return shifted;
}

/** OVERDUE for more than ESCALATION_DAYS. */
export function isEscalated(followUp: FollowUpDates, today: string, referralStopped = false): boolean {
  return (
    followUpStatus(followUp, today, referralStopped) === FollowUpStatus.OVERDUE &&
    shiftedToday(today, -(GRACE_DAYS + ESCALATION_DAYS)) > followUp.dueOn
  );
}

/**
 * The same rule in SQL, for filtering and counting worklists in the database.
 * `f` is the follow-up, `c` the referral's consent; :today and :now are bound.
 */
export const FOLLOW_UP_STATUS_SQL = `CASE
  WHEN f.submitted_at IS NOT NULL THEN 'SUBMITTED'
  WHEN f.closed_as IS NOT NULL THEN f.closed_as
  WHEN c.withdrawn_at <= :now OR c.expires_at <= :now THEN 'CANCELLED'
  WHEN (:today)::date < f.due_on - ${WINDOW_DAYS} THEN 'UPCOMING'
  WHEN (:today)::date <= f.due_on + ${GRACE_DAYS} THEN 'DUE'
  ELSE 'OVERDUE' END`;
