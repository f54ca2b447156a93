import type { Party, TestApp } from './test-app.js';

export const REFERRAL_FIELDS = `id reference status version senderCountry receiverCountry
  sender { id } receiver { id }
  subject { id pseudonym identity { givenNames familyName dateOfBirth } contact { phone } health { notes } redactions { field reason } }
  needs { serviceType priority note } caseHistory { exploitationTypes summary nationalFields { key value } }
  returnPlan { plannedReturnDate route reception { place metBy } }
  riskAssessment { level indicators legalBasis }
  consent { status purposes categories }
  redactions { field reason }
  events { type fromStatus toStatus actorOrganisationId }`;

export const DUTCH_FIELDS = [
  { key: 'reflectionPeriodStart', value: '2026-03-01' },
  { key: 'reflectionPeriodEnd', value: '2026-05-30' },
  { key: 'cooperatedWithPolice', value: 'false' },
  { key: 'residenceStatus', value: 'REFLECTION_PERIOD' },
];

/** The parties of a referral from a Dutch shelter to a Hungarian NGO, and a Bulgarian NGO that has nothing to do with it. */
export interface Network {
  admin: Party;
  nl: Party;
  hu: Party;
  bg: Party;
  nlWorker: Party;
  huWorker: Party;
  bgWorker: Party;
}

export async function network(t: TestApp): Promise<Network> {
  const admin = await t.networkAdmin();
  const nl = await t.organisation(admin, { country: 'NL', kind: 'SHELTER' });
  const hu = await t.organisation(admin, { country: 'HU' });
  const bg = await t.organisation(admin, { country: 'BG' });
  return {
    admin,
    nl,
    hu,
    bg,
    nlWorker: await t.member(nl, ['CASE_WORKER']),
    huWorker: await t.member(hu, ['CASE_WORKER']),
    bgWorker: await t.member(bg, ['CASE_WORKER']),
  };
}

/** A Hungarian woman's registration, as a case worker enters it. */
export const subjectInput = (familyName = 'Kovács', countryOfReturn = 'HU') => ({
  nationality: 'HU',
  countryOfReturn,
  identity: {
    givenNames: 'Szilvia',
    familyName,
    dateOfBirth: '1994-07-12',
    gender: 'FEMALE',
    languages: ['hu'],
    dependants: [{ relationship: 'son', yearOfBirth: 2015 }],
  },
  contact: { phone: '+36 30 123 4567', safeContactNotes: 'Only by WhatsApp' },
  health: { notes: 'Diabetes type 1, needs insulin' },
});

export async function registerSubject(t: TestApp, worker: Party, familyName = 'Kovács', countryOfReturn = 'HU'): Promise<string> {
  const result = await t.gql(
    worker.token,
    'mutation($input: RegisterSubjectInput!) { registerSubject(input: $input) { subject { id } } }',
    {
      input: subjectInput(familyName, countryOfReturn),
    },
  );
  if (!result.data.registerSubject?.subject) throw new Error(JSON.stringify(result.body.errors));
  return result.data.registerSubject?.subject.id;
}

/** A consent as the Dutch shelter records it, to the organisations named, without the person it is for. */
export const consentTerms = (recipientOrganisationIds: string[]) => ({
  recipientOrganisationIds,
  purposes: ['RETURN_ASSISTANCE', 'REINTEGRATION_SUPPORT'],
  categories: ['IDENTITY', 'CONTACT', 'NEEDS', 'CASE_HISTORY'],
  givenAt: new Date(Date.now() - 60_000).toISOString(),
  language: 'hu',
  interpreterPresent: true,
  formReference: 'Form 2026/17',
});

export async function recordConsent(
  t: TestApp,
  worker: Party,
  subjectId: string,
  overrides: Record<string, unknown> & { recipientOrganisationIds: string[] },
): Promise<string> {
  const result = await t.gql(worker.token, 'mutation($input: RecordConsentInput!) { recordConsent(input: $input) { consent { id } } }', {
    input: { subjectId, ...consentTerms(overrides.recipientOrganisationIds), ...overrides },
  });
  if (!result.data.recordConsent?.consent) throw new Error(JSON.stringify(result.body.errors));
  return result.data.recordConsent?.consent.id;
}

export function draftInput(subjectId: string, consentId: string, receiverOrganisationId: string, overrides: Record<string, unknown> = {}) {
  return {
    subjectId,
    consentId,
    receiverOrganisationId,
    needs: [{ serviceType: 'SHELTER', priority: 'HIGH', note: 'Safe housing away from the home village' }],
    caseHistory: { exploitationTypes: ['LABOUR'], summary: 'Worked 16 hours a day on a mushroom farm', nationalFields: DUTCH_FIELDS },
    returnPlan: {
      plannedReturnDate: '2026-12-10',
      route: 'Flight AMS-BUD',
      reception: { place: 'Budapest airport, terminal 2', metBy: 'NGO social worker' },
    },
    riskAssessment: { level: 'HIGH', indicators: ['THREATS_AGAINST_FAMILY', 'DEBT'] },
    ...overrides,
  };
}

export async function createDraft(t: TestApp, worker: Party, input: Record<string, unknown>): Promise<{ id: string; version: number }> {
  const result = await t.gql(
    worker.token,
    'mutation($input: CreateReferralInput!) { createReferral(input: $input) { referral { id version } } }',
    {
      input,
    },
  );
  if (!result.data.createReferral?.referral) throw new Error(JSON.stringify(result.body.errors));
  return result.data.createReferral?.referral;
}

export const MOVE = (mutation: string, inputType: string) =>
  `mutation($input: ${inputType}!) { ${mutation}(input: $input) { referral { id status version } } }`;

export async function submittedReferral(t: TestApp, n: Network, consent: Record<string, unknown> = {}) {
  const subjectId = await registerSubject(t, n.nlWorker);
  const consentId = await recordConsent(t, n.nlWorker, subjectId, { recipientOrganisationIds: [n.hu.organisationId], ...consent });
  const draft = await createDraft(t, n.nlWorker, draftInput(subjectId, consentId, n.hu.organisationId));
  const submitted = await t.gql(n.nlWorker.token, MOVE('submitReferral', 'SubmitReferralInput'), {
    input: { referralId: draft.id, expectedVersion: draft.version },
  });
  if (!submitted.data.submitReferral?.referral) throw new Error(JSON.stringify(submitted.body.errors));
  return { subjectId, consentId, referralId: draft.id, version: submitted.data.submitReferral?.referral.version as number };
}
