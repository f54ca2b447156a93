import { registerEnumType } from '@nestjs/graphql';

export enum MeetingStatus {
  PLANNED = 'PLANNED',
  HELD = 'HELD',
  CANCELLED = 'CANCELLED',
}

registerEnumType(MeetingStatus, { name: 'MeetingStatus' });

export enum ParticipationStatus {
  INVITED = 'INVITED',
  CONFIRMED = 'CONFIRMED',
}

registerEnumType(ParticipationStatus, { name: 'ParticipationStatus' });

/** Which meetings a list holds: those not yet over (UPCOMING, ongoing included) or those that ended (PAST). */
export enum MeetingPeriod {
  UPCOMING = 'UPCOMING',
  PAST = 'PAST',
}

registerEnumType(MeetingPeriod, { name: 'MeetingPeriod' });
