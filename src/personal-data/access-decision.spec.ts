import { ConsentPurpose, ConsentTerms, DataCategory, RedactionReason } from './consent-terms.js';
import { AccessQuestion, decideAccess } from './access-decision.js';
import { PersonalDataKind as K } from './personal-data-kind.js';
import { LegalBasis } from './subject-access-event.entity.js';

const NL = 'nl-shelter';
const HU = 'hu-ngo';
const now = new Date('2026-06-01T00:00:00Z');
const consent: ConsentTerms = {
  recipientOrganisationIds: [HU],
  purposes: [ConsentPurpose.RETURN_ASSISTANCE],
  categories: [DataCategory.IDENTITY, DataCategory.CONTACT],
  givenAt: new Date('2026-05-01T00:00:00Z'),
  expiresAt: null,
  withdrawnAt: null,
};

const asReceiver = (overrides: Partial<AccessQuestion> = {}): AccessQuestion => ({
  viewerOrganisationId: HU,
  subject: { organisationId: NL, erasedAt: null },
  referral: { senderOrganisationId: NL, receiverOrganisationId: HU, submittedAt: now, arrived: false },
  consent,
  kind: K.IDENTITY,
  at: now,
  ...overrides,
});

describe('decideAccess', () => {
  it.each<[string, AccessQuestion, ReturnType<typeof decideAccess>]>([
    [
      'the owner reads everything',
      asReceiver({ viewerOrganisationId: NL, kind: K.HEALTH }),
      { allowed: true, legalBasis: LegalBasis.OWNER },
    ],
    [
      'nobody reads an erased person, not even the owner',
      asReceiver({ viewerOrganisationId: NL, subject: { organisationId: NL, erasedAt: now } }),
      { allowed: false, reason: RedactionReason.ERASED },
    ],
    ['the receiver reads a covered category', asReceiver(), { allowed: true, legalBasis: LegalBasis.CONSENT }],
    ['the return plan counts as contact data', asReceiver({ kind: K.RETURN_PLAN }), { allowed: true, legalBasis: LegalBasis.CONSENT }],
    ['health is not covered', asReceiver({ kind: K.HEALTH }), { allowed: false, reason: RedactionReason.NOT_COVERED }],
    [
      'the risk assessment is shared on vital interest, even without consent',
      asReceiver({ kind: K.RISK_ASSESSMENT, consent: null }),
      { allowed: true, legalBasis: LegalBasis.VITAL_INTEREST },
    ],
    [
      'a draft shows the receiver nothing',
      asReceiver({
        referral: { senderOrganisationId: NL, receiverOrganisationId: HU, submittedAt: null, arrived: false },
        kind: K.RISK_ASSESSMENT,
      }),
      { allowed: false, reason: RedactionReason.NOT_COVERED },
    ],
    [
      'nor a draft cancelled before it was sent',
      asReceiver({
        referral: { senderOrganisationId: NL, receiverOrganisationId: HU, submittedAt: null, arrived: false },
        kind: K.RISK_ASSESSMENT,
      }),
      { allowed: false, reason: RedactionReason.NOT_COVERED },
    ],
    [
      'a third organisation reads nothing',
      asReceiver({ viewerOrganisationId: 'bg-ngo', kind: K.RISK_ASSESSMENT }),
      { allowed: false, reason: RedactionReason.NOT_COVERED },
    ],
    [
      'withdrawal hides it',
      asReceiver({ consent: { ...consent, withdrawnAt: now } }),
      { allowed: false, reason: RedactionReason.CONSENT_WITHDRAWN },
    ],
    [
      'expiry hides it',
      asReceiver({ consent: { ...consent, expiresAt: now } }),
      { allowed: false, reason: RedactionReason.CONSENT_EXPIRED },
    ],
    [
      'after the arrival, the purpose is reintegration support, which this consent does not cover',
      asReceiver({ referral: { senderOrganisationId: NL, receiverOrganisationId: HU, submittedAt: now, arrived: true } }),
      { allowed: false, reason: RedactionReason.NOT_COVERED },
    ],
    [
      'messages need an active consent naming the receiver',
      asReceiver({ kind: K.MESSAGES }),
      { allowed: true, legalBasis: LegalBasis.CONSENT },
    ],
    [
      'messages are hidden after withdrawal',
      asReceiver({ kind: K.MESSAGES, consent: { ...consent, withdrawnAt: now } }),
      { allowed: false, reason: RedactionReason.CONSENT_WITHDRAWN },
    ],
  ])('%s', (_, question, expected) => {
    expect(decideAccess(question)).toEqual(expected);
  });
});
