import { ConflictError } from '../common/errors.js';
import { checkMeetingStatus } from './meeting-lifecycle.js';
import { MeetingStatus } from './meeting-status.js';

const { PLANNED, HELD, CANCELLED } = MeetingStatus;
const TODAY = '2026-05-10';

describe('the expert-meeting lifecycle', () => {
  it.each([
    [null, PLANNED, '2026-06-01'],
    [null, HELD, '2014-10-08'],
    [PLANNED, HELD, '2026-05-10'],
    [PLANNED, CANCELLED, '2026-06-01'],
    [PLANNED, PLANNED, '2026-06-01'],
    [HELD, HELD, '2014-10-08'],
  ])('allows %s -> %s', (from, to, startsOn) => {
    expect(() => checkMeetingStatus(from, to, startsOn, TODAY)).not.toThrow();
  });

  it.each([
    [null, CANCELLED, '2026-06-01'],
    [HELD, PLANNED, '2014-10-08'],
    [HELD, CANCELLED, '2014-10-08'],
    [CANCELLED, PLANNED, '2026-06-01'],
    [CANCELLED, HELD, '2014-10-08'],
    [PLANNED, HELD, '2026-05-11'],
    [null, HELD, '2026-06-01'],
  ])('refuses %s -> %s with a CONFLICT', (from, to, startsOn) => {
    expect(() => checkMeetingStatus(from, to, startsOn, TODAY)).toThrow(ConflictError);
  });
});
