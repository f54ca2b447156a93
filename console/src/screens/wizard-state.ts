/** What the new-referral steps collect, as the user typed it (strings); turned into the API's inputs on each step. */
export interface Draft {
  person: {
    givenNames: string;
    familyName: string;
    gender: string;
    dateOfBirth: string;
    languages: string;
    nationality: string;
    countryOfReturn: string;
    phone: string;
  };
  consent: {
    receiverId: string;
    purposes: string[];
    categories: string[];
    givenAt: string;
    expiresAt: string;
    language: string;
    interpreterPresent: boolean;
    formReference: string;
  };
  referral: {
    needs: { serviceType: string; priority: string; note: string }[];
    exploitationTypes: string[];
    summary: string;
    riskLevel: string;
    indicators: string[];
    riskNotes: string;
    plannedReturnDate: string;
    route: string;
    receptionPlace: string;
    receptionMetBy: string;
    nationalFields: Record<string, string>;
  };
}

export const emptyDraft = (country: string, today: string): Draft => ({
  person: {
    givenNames: '',
    familyName: '',
    gender: 'FEMALE',
    dateOfBirth: '',
    languages: '',
    nationality: '',
    countryOfReturn: '',
    phone: '',
  },
  consent: {
    receiverId: '',
    purposes: ['RETURN_ASSISTANCE', 'REINTEGRATION_SUPPORT'],
    categories: ['IDENTITY', 'NEEDS', 'CASE_HISTORY'],
    givenAt: today,
    expiresAt: '',
    language: country === 'NL' ? 'nl' : 'en',
    interpreterPresent: false,
    formReference: '',
  },
  referral: {
    needs: [{ serviceType: 'SHELTER', priority: 'HIGH', note: '' }],
    exploitationTypes: [],
    summary: '',
    riskLevel: 'MEDIUM',
    indicators: [],
    riskNotes: '',
    plannedReturnDate: '',
    route: '',
    receptionPlace: '',
    receptionMetBy: '',
    nationalFields: {},
  },
});

export const RISK_INDICATORS = [
  'DEBT',
  'EXTORTION_OR_PROTECTION_MONEY',
  'FEAR_OF_DEPORTATION',
  'IRREGULAR_STAY',
  'JOURNEY_AND_PAPERS_ARRANGED_BY_OTHERS',
  'MOST_EARNINGS_HANDED_OVER',
  'NO_OWN_IDENTITY_DOCUMENTS',
  'RESTRICTED_MOVEMENT',
  'THREATS_AGAINST_FAMILY',
  'WORKING_FOR_A_THIRD_PARTY',
];
export const EXPLOITATION_TYPES = ['SEXUAL', 'LABOUR', 'CRIMINAL_ACTIVITIES', 'BEGGING', 'FORCED_MARRIAGE', 'ORGAN_REMOVAL', 'OTHER'];
export const SERVICE_TYPES = [
  'SHELTER',
  'MEDICAL',
  'PSYCHOSOCIAL',
  'LEGAL',
  'EDUCATION',
  'EMPLOYMENT',
  'FINANCIAL',
  'FAMILY_MEDIATION',
  'RECEPTION_AT_ARRIVAL',
  'DOCUMENTATION',
  'INTERPRETATION',
  'TRANSPORT',
];
export const PURPOSES = ['RETURN_ASSISTANCE', 'REINTEGRATION_SUPPORT', 'FOLLOW_UP_REPORTING'];
export const CATEGORIES = ['IDENTITY', 'CONTACT', 'HEALTH', 'NEEDS', 'CASE_HISTORY'];

const blankToNull = (value: string) => (value.trim() === '' ? null : value.trim());

export function subjectInput(person: Draft['person'], key: string) {
  return {
    idempotencyKey: key,
    nationality: person.nationality.trim().toUpperCase(),
    countryOfReturn: person.countryOfReturn.trim().toUpperCase(),
    identity: {
      givenNames: person.givenNames,
      familyName: person.familyName,
      gender: person.gender,
      dateOfBirth: blankToNull(person.dateOfBirth),
      languages: person.languages
        .split(',')
        .map((l) => l.trim())
        .filter(Boolean),
    },
    ...(person.phone.trim() ? { contact: { phone: person.phone.trim() } } : {}),
  };
}

export function consentInput(consent: Draft['consent'], subjectId: string, key: string) {
  return {
    idempotencyKey: key,
    subjectId,
    recipientOrganisationIds: consent.receiverId ? [consent.receiverId] : [],
    purposes: consent.purposes,
    categories: consent.categories,
    // The start of the day (local): a consent given today must not lie in the future.
    givenAt: consent.givenAt ? new Date(`${consent.givenAt}T00:00:00`).toISOString() : '',
    expiresAt: consent.expiresAt ? new Date(`${consent.expiresAt}T23:59:59`).toISOString() : null,
    language: consent.language,
    interpreterPresent: consent.interpreterPresent,
    formReference: consent.formReference,
  };
}

/** The referral's input; `fieldKeys` gives the national fields' order, which their problems' paths number. */
export function referralInput(draft: Draft, subjectId: string, consentId: string, key: string, fieldKeys: string[]) {
  const r = draft.referral;
  const reception = r.receptionPlace.trim() || r.receptionMetBy.trim() ? { place: r.receptionPlace, metBy: r.receptionMetBy } : null;
  return {
    idempotencyKey: key,
    subjectId,
    consentId,
    receiverOrganisationId: draft.consent.receiverId,
    needs: r.needs.map((need) => ({ serviceType: need.serviceType, priority: need.priority, note: blankToNull(need.note) })),
    caseHistory: {
      exploitationTypes: r.exploitationTypes,
      summary: blankToNull(r.summary),
      nationalFields: fieldKeys.map((k) => ({ key: k, value: r.nationalFields[k] ?? '' })),
    },
    riskAssessment: { level: r.riskLevel, indicators: r.indicators, notes: blankToNull(r.riskNotes) },
    returnPlan: { plannedReturnDate: blankToNull(r.plannedReturnDate), route: blankToNull(r.route), reception },
  };
}
