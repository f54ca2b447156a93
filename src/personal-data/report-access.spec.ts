import { ConsentPurpose, ConsentTerms, DataCategory, RedactionReason } from './consent-terms.js';
import { LegalBasis } from './subject-access-event.entity.js';
import { reportAccess } from './access-decision.js';

const at = new Date('2026-09-01T00:00:00Z');
const referral = { senderOrganisationId: 'nl', receiverOrganisationId: 'hu' };
const consent = (purposes: ConsentPurpose[], extra: Partial<ConsentTerms> = {}): ConsentTerms => ({
  recipientOrganisationIds: ['hu'],
  purposes,
  categories: [DataCategory.IDENTITY],
  givenAt: new Date('2026-01-01T00:00:00Z'),
  expiresAt: null,
  withdrawnAt: null,
  ...extra,
});
const ALL = [ConsentPurpose.RETURN_ASSISTANCE, ConsentPurpose.REINTEGRATION_SUPPORT, ConsentPurpose.FOLLOW_UP_REPORTING];

describe('reportAccess', () => {
  it.each([
    ['the sender, with FOLLOW_UP_REPORTING', 'nl', consent(ALL), { allowed: true, legalBasis: LegalBasis.CONSENT }],
    [
      'the sender, without FOLLOW_UP_REPORTING',
      'nl',
      consent([ConsentPurpose.REINTEGRATION_SUPPORT]),
      { allowed: false, reason: RedactionReason.NOT_COVERED },
    ],
    [
      'the sender, after withdrawal',
      'nl',
      consent(ALL, { withdrawnAt: at }),
      { allowed: false, reason: RedactionReason.CONSENT_WITHDRAWN },
    ],
    [
      'the receiver, with REINTEGRATION_SUPPORT',
      'hu',
      consent([ConsentPurpose.REINTEGRATION_SUPPORT]),
      { allowed: true, legalBasis: LegalBasis.CONSENT },
    ],
    ['the receiver, after expiry', 'hu', consent(ALL, { expiresAt: at }), { allowed: false, reason: RedactionReason.CONSENT_EXPIRED }],
    ['a third organisation', 'bg', consent(ALL), { allowed: false, reason: RedactionReason.NOT_COVERED }],
  ])('%s', (_, viewerOrganisationId, terms, expected) => {
    expect(reportAccess({ viewerOrganisationId, referral, consent: terms, erased: false, at })).toEqual(expected);
  });

  it('shows no one the report of an erased person', () => {
    expect(reportAccess({ viewerOrganisationId: 'hu', referral, consent: consent(ALL), erased: true, at })).toEqual({
      allowed: false,
      reason: RedactionReason.ERASED,
    });
  });
});
