import { registerEnumType } from '@nestjs/graphql';

export enum MeetingStatus {
  PLANNED = 'PLANNED',
  HELD = 'HELD',
  CANCELLED = 'CANCELLED',
}

registerEnumType(MeetingStatus, {
  name: 'MeetingStatus',
  valuesMap: {
    PLANNED: { description: 'Not yet begun' },
    HELD: { description: 'Took place (a meeting can be marked so once its first day has come)' },
    CANCELLED: { description: 'Will not take place' },
  },
});

export enum ParticipationStatus {
  INVITED = 'INVITED',
  CONFIRMED = 'CONFIRMED',
}

registerEnumType(ParticipationStatus, {
  name: 'ParticipationStatus',
  valuesMap: {
    INVITED: { description: 'Invited, not yet confirmed' },
    CONFIRMED: { description: 'Confirmed to take part' },
  },
});

/** Which meetings a list holds: those not yet over (UPCOMING, ongoing included) or those that ended (PAST). */
export enum MeetingPeriod {
  UPCOMING = 'UPCOMING',
  PAST = 'PAST',
}

registerEnumType(MeetingPeriod, {
  name: 'MeetingPeriod',
  valuesMap: {
    UPCOMING: { description: 'Not yet over, soonest first' },
    PAST: { description: 'Over, most recent first' },
  },
});
