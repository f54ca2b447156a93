import { ConflictError, ForbiddenError } from '../common/errors.js';
import { effectiveStatus, nextStatus, ReferralAction as A, ReferralParty as P, ReferralStatus as S } from './referral-lifecycle.js';

describe('the referral lifecycle', () => {
  it.each([
    [S.DRAFT, A.SUBMIT, P.SENDER, S.SUBMITTED],
    [S.SUBMITTED, A.ACCEPT, P.RECEIVER, S.ACCEPTED],
    [S.SUBMITTED, A.DECLINE, P.RECEIVER, S.DECLINED],
    [S.ACCEPTED, A.RECORD_ARRIVAL, P.RECEIVER, S.RETURNED],
    [S.RETURNED, A.START_REINTEGRATION, P.RECEIVER, S.IN_REINTEGRATION],
    [S.IN_REINTEGRATION, A.CLOSE, P.RECEIVER, S.CLOSED],
    [S.RETURNED, A.CLOSE, P.RECEIVER, S.CLOSED],
    [S.DRAFT, A.CANCEL, P.SENDER, S.CANCELLED],
    [S.SUBMITTED, A.CANCEL, P.SENDER, S.CANCELLED],
    [S.ACCEPTED, A.CANCEL, P.SENDER, S.CANCELLED],
    [S.ACCEPTED, A.WITHDRAW_CONSENT, P.SENDER, S.CONSENT_WITHDRAWN],
    [S.IN_REINTEGRATION, A.WITHDRAW_CONSENT, P.SENDER, S.CONSENT_WITHDRAWN],
  ])('%s --%s by %s--> %s', (from, action, party, to) => {
    expect(nextStatus(from, action, party)).toBe(to);
  });

  it.each([
    [S.DRAFT, A.ACCEPT, P.RECEIVER],
    [S.SUBMITTED, A.SUBMIT, P.SENDER],
    [S.DECLINED, A.ACCEPT, P.RECEIVER],
    [S.RETURNED, A.CANCEL, P.SENDER],
    [S.CLOSED, A.WITHDRAW_CONSENT, P.SENDER],
    [S.CANCELLED, A.SUBMIT, P.SENDER],
    [S.CONSENT_WITHDRAWN, A.RECORD_ARRIVAL, P.RECEIVER],
  ])('refuses %s --%s as a CONFLICT that names the state', (from, action, party) => {
    expect(() => nextStatus(from, action, party)).toThrow(ConflictError);
    expect(() => nextStatus(from, action, party)).toThrow(new RegExp(`is ${from}`));
  });

  it.each([
    [S.SUBMITTED, A.ACCEPT, P.SENDER],
    [S.DRAFT, A.SUBMIT, P.RECEIVER],
    [S.SUBMITTED, A.CANCEL, P.RECEIVER],
    [S.ACCEPTED, A.RECORD_ARRIVAL, P.SENDER],
  ])('refuses %s --%s to the %s, whose move it is not', (from, action, party) => {
    expect(() => nextStatus(from, action, party)).toThrow(ForbiddenError);
  });
});

describe('effectiveStatus', () => {
  it('reads an open referral whose consent lapsed as CONSENT_WITHDRAWN, and leaves drafts and finished ones alone', () => {
    expect(effectiveStatus(S.ACCEPTED, false)).toBe(S.CONSENT_WITHDRAWN);
    expect(effectiveStatus(S.IN_REINTEGRATION, false)).toBe(S.CONSENT_WITHDRAWN);
    expect(effectiveStatus(S.ACCEPTED, true)).toBe(S.ACCEPTED);
    expect(effectiveStatus(S.DRAFT, false)).toBe(S.DRAFT);
    expect(effectiveStatus(S.CLOSED, false)).toBe(S.CLOSED);
    expect(effectiveStatus(S.DECLINED, false)).toBe(S.DECLINED);
  });
});
