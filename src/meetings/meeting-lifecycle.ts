import { ConflictError } from '../common/errors.js';
import { MeetingStatus } from './meeting-status.js';

const { PLANNED, HELD, CANCELLED } = MeetingStatus;

/** Where a meeting can go from each status; HELD and CANCELLED are final. */
export const MEETING_TRANSITIONS: Record<MeetingStatus, MeetingStatus[]> = {
  [PLANNED]: [HELD, CANCELLED],
  [HELD]: [],
  [CANCELLED]: [],
};

/**
 * Checks a change of status (or a new meeting's first status, from null). A
 * meeting is HELD only once it has begun. Dates are YYYY-MM-DD and compare as text.
 */
export function checkMeetingStatus(from: MeetingStatus | null, to: MeetingStatus, startsOn: string, today: string): void {
  if (from === null ? to === CANCELLED : from !== to && !MEETING_TRANSITIONS[from].includes(to)) {
    throw new ConflictError(from === null ? 'A new meeting is PLANNED or HELD.' : `A ${from} meeting cannot become ${to}.`);
  }
  if (to === HELD && startsOn > today) throw new ConflictError('A meeting can be marked HELD once it has begun.');
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}
