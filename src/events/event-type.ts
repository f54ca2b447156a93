import { registerEnumType } from '@nestjs/graphql';

/** What partners hear about (docs/events.md has the catalogue: who hears each, and what it carries). */
export enum EventType {
  REFERRAL_RECEIVED = 'REFERRAL_RECEIVED',
  REFERRAL_ACCEPTED = 'REFERRAL_ACCEPTED',
  REFERRAL_DECLINED = 'REFERRAL_DECLINED',
  REFERRAL_CANCELLED = 'REFERRAL_CANCELLED',
  REFERRAL_RETURNED = 'REFERRAL_RETURNED',
  REFERRAL_IN_REINTEGRATION = 'REFERRAL_IN_REINTEGRATION',
  REFERRAL_CLOSED = 'REFERRAL_CLOSED',
  CONSENT_WITHDRAWN = 'CONSENT_WITHDRAWN',
  CONSENT_EXPIRED = 'CONSENT_EXPIRED',
  PERSON_ERASED = 'PERSON_ERASED',
  MESSAGE_RECEIVED = 'MESSAGE_RECEIVED',
  FOLLOW_UP_DUE = 'FOLLOW_UP_DUE',
  FOLLOW_UP_OVERDUE = 'FOLLOW_UP_OVERDUE',
  FOLLOW_UP_REPORT_SUBMITTED = 'FOLLOW_UP_REPORT_SUBMITTED',
  PRACTICE_PUBLISHED = 'PRACTICE_PUBLISHED',
  MEETING_INVITATION = 'MEETING_INVITATION',
}

/** The record an event is about, besides its referral. */
export enum EventEntity {
  FOLLOW_UP = 'FOLLOW_UP',
  MESSAGE = 'MESSAGE',
  PRACTICE = 'PRACTICE',
  MEETING = 'MEETING',
}

registerEnumType(EventType, {
  name: 'EventType',
  valuesMap: {
    REFERRAL_RECEIVED: { description: 'The sender submitted a referral (heard by sender and receiver)' },
    REFERRAL_ACCEPTED: { description: 'The receiver accepted the referral' },
    REFERRAL_DECLINED: { description: 'The receiver declined the referral' },
    REFERRAL_CANCELLED: { description: 'The sender cancelled the referral' },
    REFERRAL_RETURNED: { description: 'The receiver recorded the arrival' },
    REFERRAL_IN_REINTEGRATION: { description: 'The first follow-up report moved the referral on' },
    REFERRAL_CLOSED: { description: 'The receiver closed the referral' },
    CONSENT_WITHDRAWN: { description: 'The consent behind an open referral was withdrawn (or ended by erasure)' },
    CONSENT_EXPIRED: { description: 'The consent behind an open, submitted referral expired' },
    PERSON_ERASED: { description: "The person's data was erased" },
    MESSAGE_RECEIVED: { description: 'A message was added to the thread (heard by the other party)' },
    FOLLOW_UP_DUE: { description: "A follow-up's reporting window opened (14 days before its due day)" },
    FOLLOW_UP_OVERDUE: { description: 'A follow-up passed its grace period (14 days after its due day) unreported' },
    FOLLOW_UP_REPORT_SUBMITTED: { description: 'The receiver submitted a follow-up report' },
    PRACTICE_PUBLISHED: { description: 'A best practice was published (heard by every active organisation)' },
    MEETING_INVITATION: { description: 'The organisation was invited to an expert meeting' },
  },
});
