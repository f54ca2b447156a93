import { addMonths, followUpStatus, FollowUpStatus as S, isEscalated } from './follow-up-status.js';

const due = (dueOn: string, extra: Partial<Parameters<typeof followUpStatus>[0]> = {}) => ({
  dueOn,
  submittedAt: null,
  closedAs: null,
  ...extra,
});

describe('followUpStatus', () => {
  it.each([
    ['more than 14 days before the due day', '2026-03-01', S.UPCOMING],
    ['when its window opens, 14 days before', '2026-03-17', S.DUE],
    ['on the due day', '2026-03-31', S.DUE],
    ['at the end of the 14-day grace period', '2026-04-14', S.DUE],
    ['the day after the grace period', '2026-04-15', S.OVERDUE],
  ])('is derived from the clock: %s', (_, today, status) => {
    expect(followUpStatus(due('2026-03-31'), today)).toBe(status);
  });

  it('is SUBMITTED once reported, whenever that was, and keeps what closing decided', () => {
    expect(followUpStatus(due('2026-03-31', { submittedAt: new Date('2026-05-20') }), '2027-01-01')).toBe(S.SUBMITTED);
    expect(followUpStatus(due('2026-03-31', { closedAs: 'MISSED' }), '2026-03-01')).toBe(S.MISSED);
    expect(followUpStatus(due('2026-03-31', { closedAs: 'CANCELLED' }), '2026-05-01')).toBe(S.CANCELLED);
  });

  it('cancels what was not reported once the referral stopped for lapsed consent', () => {
    expect(followUpStatus(due('2026-03-31'), '2026-05-01', true)).toBe(S.CANCELLED);
    expect(followUpStatus(due('2026-03-31', { submittedAt: new Date() }), '2026-05-01', true)).toBe(S.SUBMITTED);
  });

  it('answers for the day it is given, whatever day was asked before', () => {
    const days = ['2026-03-16', '2026-03-17', '2026-04-14', '2026-04-15', '2026-03-16', '2026-04-15', '2026-04-14'];
    expect(days.map((today) => followUpStatus(due('2026-03-31'), today))).toEqual([
      S.UPCOMING,
      S.DUE,
      S.DUE,
      S.OVERDUE,
      S.UPCOMING,
      S.OVERDUE,
      S.DUE,
    ]);
    expect(['2026-05-15', '2026-05-14', '2026-05-15'].map((today) => isEscalated(due('2026-03-31'), today))).toEqual([true, false, true]);
  });

  it('escalates after 30 days OVERDUE, not before', () => {
    expect(isEscalated(due('2026-03-31'), '2026-05-14')).toBe(false);
    expect(isEscalated(due('2026-03-31'), '2026-05-15')).toBe(true);
  });
});

describe('addMonths', () => {
  it.each([
    ['2026-01-15', 1, '2026-02-15'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-11-30', 3, '2027-02-28'],
    ['2026-06-10', 12, '2027-06-10'],
  ])('%s + %i months = %s', (day, months, expected) => {
    expect(addMonths(day, months)).toBe(expected);
  });
});
