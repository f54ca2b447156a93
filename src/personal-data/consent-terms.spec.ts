import {
  ConsentPurpose as P,
  ConsentStatus,
  ConsentTerms,
  coverage,
  consentStatus,
  DataCategory as C,
  RedactionReason as R,
} from './consent-terms.js';

const HU_NGO = 'hu-ngo';
const day = (n: number) => new Date(Date.UTC(2026, 0, n));

const consent: ConsentTerms = {
  recipientOrganisationIds: [HU_NGO],
  purposes: [P.RETURN_ASSISTANCE, P.REINTEGRATION_SUPPORT],
  categories: [C.IDENTITY, C.CONTACT, C.NEEDS],
  givenAt: day(10),
  expiresAt: day(100),
  withdrawnAt: null,
};

const ask = (overrides: Partial<{ organisationId: string; purpose: P; category: C; at: Date }> = {}) => ({
  organisationId: HU_NGO,
  purpose: P.RETURN_ASSISTANCE,
  category: C.IDENTITY,
  at: day(20),
  ...overrides,
});

describe('coverage', () => {
  it.each<[string, ConsentTerms | null, ReturnType<typeof ask>, ReturnType<typeof coverage>]>([
    ['named recipient, purpose and category, while active', consent, ask(), { covered: true }],
    ['another purpose that the consent also names', consent, ask({ purpose: P.REINTEGRATION_SUPPORT }), { covered: true }],
    ['no consent at all', null, ask(), { covered: false, reason: R.NOT_COVERED }],
    ['an organisation the consent does not name', consent, ask({ organisationId: 'bg-ngo' }), { covered: false, reason: R.NOT_COVERED }],
    ['a purpose the consent does not cover', consent, ask({ purpose: P.FOLLOW_UP_REPORTING }), { covered: false, reason: R.NOT_COVERED }],
    ['a category the consent does not cover', consent, ask({ category: C.HEALTH }), { covered: false, reason: R.NOT_COVERED }],
    ['a moment before the consent was given', consent, ask({ at: day(9) }), { covered: false, reason: R.NOT_COVERED }],
    ['the moment of expiry', consent, ask({ at: day(100) }), { covered: false, reason: R.CONSENT_EXPIRED }],
    ['after expiry', consent, ask({ at: day(200) }), { covered: false, reason: R.CONSENT_EXPIRED }],
    ['after withdrawal', { ...consent, withdrawnAt: day(15) }, ask(), { covered: false, reason: R.CONSENT_WITHDRAWN }],
    ['before a withdrawal that came later', { ...consent, withdrawnAt: day(30) }, ask(), { covered: true }],
    [
      'withdrawn and expired: withdrawal wins',
      { ...consent, withdrawnAt: day(15) },
      ask({ at: day(200) }),
      { covered: false, reason: R.CONSENT_WITHDRAWN },
    ],
    ['a consent without expiry, years later', { ...consent, expiresAt: null }, ask({ at: day(5000) }), { covered: true }],
  ])('%s', (_, terms, request, expected) => {
    expect(coverage(terms, request)).toEqual(expected);
  });
});

describe('consentStatus', () => {
  it('is derived from the dates at the moment asked', () => {
    expect(consentStatus(consent, day(20))).toBe(ConsentStatus.ACTIVE);
    expect(consentStatus(consent, day(100))).toBe(ConsentStatus.EXPIRED);
    expect(consentStatus({ ...consent, withdrawnAt: day(50) }, day(60))).toBe(ConsentStatus.WITHDRAWN);
  });
});
