import { registerEnumType } from '@nestjs/graphql';
import { ConflictError, ForbiddenError } from '../common/errors.js';
import { consentStatus, ConsentStatus, ConsentTerms } from '../personal-data/consent-terms.js';

export enum ReferralStatus {
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
  RETURNED = 'RETURNED',
  IN_REINTEGRATION = 'IN_REINTEGRATION',
  CLOSED = 'CLOSED',
  CANCELLED = 'CANCELLED',
  CONSENT_WITHDRAWN = 'CONSENT_WITHDRAWN',
}

export enum ReferralAction {
  SUBMIT = 'SUBMIT',
  CANCEL = 'CANCEL',
  ACCEPT = 'ACCEPT',
  DECLINE = 'DECLINE',
  RECORD_ARRIVAL = 'RECORD_ARRIVAL',
  START_REINTEGRATION = 'START_REINTEGRATION',
  CLOSE = 'CLOSE',
  WITHDRAW_CONSENT = 'WITHDRAW_CONSENT',
}

export enum ReferralParty {
  SENDER = 'SENDER',
  RECEIVER = 'RECEIVER',
}

registerEnumType(ReferralStatus, {
  name: 'ReferralStatus',
  valuesMap: {
    DRAFT: { description: 'Being written by the sender; the receiver does not see it' },
    SUBMITTED: { description: 'Sent, waiting for the receiver to accept or decline' },
    ACCEPTED: { description: 'The receiver accepted it' },
    DECLINED: { description: 'The receiver declined it (with a reason)' },
    CANCELLED: { description: 'The sender cancelled it before the return' },
    RETURNED: { description: 'The person arrived; follow-ups are scheduled' },
    IN_REINTEGRATION: { description: 'The first follow-up was reported' },
    CLOSED: { description: 'The receiver closed it' },
    CONSENT_WITHDRAWN: { description: 'Stopped: its consent was withdrawn or expired, or the person was erased' },
  },
});

const S = ReferralStatus;

/** The states from which a referral can still move on; consent withdrawal stops any of them. */
export const OPEN_STATUSES = [S.DRAFT, S.SUBMITTED, S.ACCEPTED, S.RETURNED, S.IN_REINTEGRATION];

/** The lifecycle, as data (after the FHIR Task state machine). */
export const TRANSITIONS: Record<ReferralAction, { from: ReferralStatus[]; to: ReferralStatus; by: ReferralParty }> = {
  SUBMIT: { from: [S.DRAFT], to: S.SUBMITTED, by: ReferralParty.SENDER },
  CANCEL: { from: [S.DRAFT, S.SUBMITTED, S.ACCEPTED], to: S.CANCELLED, by: ReferralParty.SENDER },
  ACCEPT: { from: [S.SUBMITTED], to: S.ACCEPTED, by: ReferralParty.RECEIVER },
  DECLINE: { from: [S.SUBMITTED], to: S.DECLINED, by: ReferralParty.RECEIVER },
  RECORD_ARRIVAL: { from: [S.ACCEPTED], to: S.RETURNED, by: ReferralParty.RECEIVER },
  START_REINTEGRATION: { from: [S.RETURNED], to: S.IN_REINTEGRATION, by: ReferralParty.RECEIVER },
  CLOSE: { from: [S.RETURNED, S.IN_REINTEGRATION], to: S.CLOSED, by: ReferralParty.RECEIVER },
  WITHDRAW_CONSENT: { from: OPEN_STATUSES, to: S.CONSENT_WITHDRAWN, by: ReferralParty.SENDER },
};

const VERB: Record<ReferralAction, string> = {
  SUBMIT: 'submitted',
  CANCEL: 'cancelled',
  ACCEPT: 'accepted',
  DECLINE: 'declined',
  RECORD_ARRIVAL: 'marked as returned',
  START_REINTEGRATION: 'moved into reintegration',
  CLOSE: 'closed',
  WITHDRAW_CONSENT: 'stopped for withdrawn consent',
};

/** The state after `action`, or the error that says why it cannot happen now. */
export function nextStatus(current: ReferralStatus, action: ReferralAction, party: ReferralParty): ReferralStatus {
  const transition = TRANSITIONS[action];
  if (transition.by !== party) {
    throw new ForbiddenError(`Only the ${transition.by === ReferralParty.SENDER ? 'sending' : 'receiving'} organisation can do this.`);
  }
  if (!transition.from.includes(current)) {
    throw new ConflictError(`The referral is ${current}: it cannot be ${VERB[action]} now.`);
  }
  return transition.to;
}

/**
 * The status a party sees. A consent that expired needs no job: from that
 * moment a submitted referral reads as CONSENT_WITHDRAWN. (A draft keeps its
 * status: its sender can still attach a new consent.)
 */
export function effectiveStatus(status: ReferralStatus, consentActive: boolean): ReferralStatus {
  return !consentActive && status !== S.DRAFT && OPEN_STATUSES.includes(status) ? S.CONSENT_WITHDRAWN : status;
}

/** effectiveStatus for a referral and the consent behind it as the reader sees it (null: not visible to the reader). */
export function statusAt(status: ReferralStatus, consent: ConsentTerms | null, at: Date): ReferralStatus {
  return effectiveStatus(status, !!consent && consentStatus(consent, at) === ConsentStatus.ACTIVE);
}
