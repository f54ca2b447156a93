/** The benchmark's GraphQL requests (scenario 1's query is the one test/cost-and-statements counts). */

export const INBOX_PAGE = `query($first: Int!) { referrals(box: INBOX, first: $first) {
  edges { cursor node { id reference status updatedAt senderCountry
    sender { id name country } receiver { id name country }
    consent { status expiresAt }
    latestFollowUp { id sequence dueOn status } } }
  pageInfo { hasNextPage endCursor } } }`;

/** Scenario 5: the sender's side, while the receiver's organisation floods the service. */
export const OUTBOX_PAGE = `query($first: Int!) { referrals(box: OUTBOX, first: $first) { edges { node { id reference status } } } }`;

export const REFERRAL_DETAIL = `query($id: ID!) { referral(id: $id) { id reference status
  subject { pseudonym identity { givenNames familyName dateOfBirth languages } contact { phone safeContactNotes } redactions { field reason } }
  needs { serviceType priority note } caseHistory { exploitationTypes summary } returnPlan { plannedReturnDate route reception { place metBy } }
  riskAssessment { level indicators legalBasis } consent { status categories } redactions { field reason } } }`;

export const PRACTICE_SEARCH = `query($search: String!, $language: String) { practices(search: $search, language: $language, first: 20) {
  edges { node { id title summary language organisation { name country } } } } }`;

/**
 * Scenario 5's third flood: a document the service refuses at validation (166 root fields and aliases, 998 tokens,
 * just under the parser's limit), which costs it parsing and validation and no statement.
 */
export const REFUSED_DOCUMENT = `{ ${Array.from({ length: 166 }, (_, i) => `a${i}: me { id }`).join(' ')} }`;

export const STATISTICS = `query { referralStatistics(groupBy: [SENDER_COUNTRY, RECEIVER_COUNTRY]) { rows { keys referrals { value suppressed } } } }`;

export const REGISTER_SUBJECT = `mutation($input: RegisterSubjectInput!) { registerSubject(input: $input) { subject { id } } }`;
export const RECORD_CONSENT = `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { consent { id } } }`;
export const CREATE_REFERRAL = `mutation($input: CreateReferralInput!) { createReferral(input: $input) { referral { id version } } }`;
export const REGISTER_AND_REFER = `mutation($input: RegisterAndReferInput!) { registerAndRefer(input: $input) { referral { id version } } }`;
export const SUBMIT_REFERRAL = `mutation($input: SubmitReferralInput!) { submitReferral(input: $input) { referral { id version } } }`;

/** One person with real personal data, consented to the receiver, for scenario 2. */
export function realReferralInputs(receiverOrganisationId: string, receiverCountry: string) {
  return {
    subject: {
      nationality: receiverCountry,
      countryOfReturn: receiverCountry,
      identity: { givenNames: 'Bench', familyName: 'Person', dateOfBirth: '1994-07-12', gender: 'FEMALE', languages: ['hu'] },
      contact: { phone: '+36 30 123 4567', safeContactNotes: 'Only by WhatsApp' },
      health: { notes: 'None recorded' },
    },
    consent: (subjectId: string) => ({
      subjectId,
      recipientOrganisationIds: [receiverOrganisationId],
      purposes: ['RETURN_ASSISTANCE', 'REINTEGRATION_SUPPORT'],
      categories: ['IDENTITY', 'CONTACT', 'NEEDS', 'CASE_HISTORY'],
      givenAt: new Date(Date.now() - 60_000).toISOString(),
      language: 'hu',
      interpreterPresent: true,
      formReference: 'Bench form',
    }),
    referral: (subjectId: string, consentId: string) => ({
      subjectId,
      consentId,
      receiverOrganisationId,
      needs: [{ serviceType: 'SHELTER', priority: 'HIGH', note: 'Safe housing away from the home village' }],
      caseHistory: {
        exploitationTypes: ['LABOUR'],
        summary: 'Worked 16 hours a day on a farm',
        nationalFields: [
          { key: 'reflectionPeriodStart', value: '2026-03-01' },
          { key: 'reflectionPeriodEnd', value: '2026-05-30' },
          { key: 'cooperatedWithPolice', value: 'false' },
          { key: 'residenceStatus', value: 'REFLECTION_PERIOD' },
        ],
      },
      returnPlan: {
        plannedReturnDate: '2026-12-10',
        route: 'Flight AMS-BUD',
        reception: { place: 'Budapest airport', metBy: 'NGO social worker' },
      },
      riskAssessment: { level: 'HIGH', indicators: ['THREATS_AGAINST_FAMILY', 'DEBT'] },
    }),
  };
}
