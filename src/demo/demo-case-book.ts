import { ExploitationType } from '../common/exploitation-type.js';
import type { FollowUpReportContent } from '../follow-ups/dto/follow-up.types.js';
import { ServiceType } from '../organisations/service-type.js';
import { ReferralStatus } from '../referrals/referral-lifecycle.js';
import { NeedPriority, RiskIndicator, RiskLevel } from '../referrals/dto/referral-content.types.js';
import { Gender } from '../subjects/subject.entity.js';

export const NL_SHELTER = 'Safe House Rotterdam (demo)';
export const NL_CENTRE = 'Dutch Coordination Centre (demo)';
export const NL_IOM = 'IOM Netherlands return desk (demo)';
export const BE_NGO = 'Antwerp Victim Support (demo)';
export const HU_NGO = 'Budapest Reintegration Foundation (demo)';
export const BG_NGO = 'Sofia Return Support (demo)';
export const RO_NGO = 'Iasi Reintegration Centre (demo)';
export const NG_NGO = 'Benin City Homecoming Initiative (demo)';

/** What happens to a case after its draft is made, in order; each step is one call a case worker could make. */
export type DemoStep =
  | { do: 'submit' }
  | { do: 'accept' }
  | { do: 'decline'; reason: string }
  | { do: 'cancel'; reason: string }
  | { do: 'recordArrival'; daysAgo: number }
  | { do: 'reportFirstFollowUp' }
  | { do: 'close'; reason: string }
  | { do: 'message'; by: 'sender' | 'receiver'; body: string }
  | { do: 'withdrawConsent'; reason: string }
  | { do: 'erasePerson'; reason: string };

export interface DemoCase {
  /** The idempotency key of the case's createReferral: a case whose key is known was played before. */
  key: string;
  from: string;
  to: string;
  person: { givenNames: string; familyName: string; dateOfBirth: string; gender: Gender; nationality: string; language: string };
  exploitationTypes: ExploitationType[];
  summary: string;
  need: { serviceType: ServiceType; priority: NeedPriority; note: string };
  risk: { level: RiskLevel; indicators: RiskIndicator[] };
  steps: DemoStep[];
  /** The status the referral shows both parties once the steps are played. */
  endsIn: ReferralStatus;
}

const { SEXUAL, LABOUR, BEGGING, CRIMINAL_ACTIVITIES } = ExploitationType;
const { FEMALE, MALE } = Gender;
const { LOW, MEDIUM, HIGH } = RiskLevel;
const S = ServiceType;
const P = NeedPriority;
const I = RiskIndicator;
const submit = { do: 'submit' } as const;
const accept = { do: 'accept' } as const;
const report = { do: 'reportFirstFollowUp' } as const;

/**
 * Ten cases between the demo organisations, one or more in every state of the referral lifecycle, so that every box,
 * filter and screen has something to show. The people are invented: their family names mean "example" or "sample"
 * in their own languages (Példa and Minta in Hungarian, Primerova in Bulgarian, Exemplu in Romanian).
 */
export const DEMO_CASE_BOOK: DemoCase[] = [
  {
    key: 'demo-case-01-draft',
    from: NL_SHELTER,
    to: HU_NGO,
    person: { givenNames: 'Anna', familyName: 'Példa', dateOfBirth: '1998-02-14', gender: FEMALE, nationality: 'HU', language: 'hu' },
    exploitationTypes: [LABOUR],
    summary: 'Worked in a greenhouse for twelve hours a day; wages withheld for "travel costs".',
    need: { serviceType: S.SHELTER, priority: P.HIGH, note: 'A safe place to stay for the first month' },
    risk: { level: MEDIUM, indicators: [I.DEBT, I.MOST_EARNINGS_HANDED_OVER] },
    steps: [],
    endsIn: ReferralStatus.DRAFT,
  },
  {
    key: 'demo-case-02-submitted',
    from: NL_SHELTER,
    to: HU_NGO,
    person: { givenNames: 'Zsófia', familyName: 'Minta', dateOfBirth: '1995-09-03', gender: FEMALE, nationality: 'HU', language: 'hu' },
    exploitationTypes: [SEXUAL],
    summary: 'Recruited with a false job offer in a hotel; exploited in a private house.',
    need: { serviceType: S.RECEPTION_AT_ARRIVAL, priority: P.HIGH, note: 'To be met by a female social worker' },
    risk: { level: HIGH, indicators: [I.THREATS_AGAINST_FAMILY, I.NO_OWN_IDENTITY_DOCUMENTS] },
    steps: [submit, { do: 'message', by: 'sender', body: 'She would like to be met by a woman, and not at the main exit.' }],
    endsIn: ReferralStatus.SUBMITTED,
  },
  {
    key: 'demo-case-03-accepted',
    from: NL_IOM,
    to: BG_NGO,
    person: { givenNames: 'Maria', familyName: 'Primerova', dateOfBirth: '1989-05-21', gender: FEMALE, nationality: 'BG', language: 'bg' },
    exploitationTypes: [LABOUR],
    summary: 'Packed vegetables without a contract; lived in a room rented from the employer.',
    need: { serviceType: S.FAMILY_MEDIATION, priority: P.MEDIUM, note: 'Wants to return to her mother and daughter' },
    risk: { level: LOW, indicators: [I.JOURNEY_AND_PAPERS_ARRANGED_BY_OTHERS] },
    steps: [
      submit,
      accept,
      { do: 'message', by: 'receiver', body: 'Accepted. Which day does the bus arrive in Sofia?' },
      { do: 'message', by: 'sender', body: 'The bus is booked for next Tuesday and arrives in the morning.' },
    ],
    endsIn: ReferralStatus.ACCEPTED,
  },
  {
    key: 'demo-case-04-declined',
    from: BE_NGO,
    to: RO_NGO,
    person: { givenNames: 'Ioana', familyName: 'Exemplu', dateOfBirth: '2001-11-30', gender: FEMALE, nationality: 'RO', language: 'ro' },
    exploitationTypes: [BEGGING],
    summary: 'Made to beg at railway stations; the earnings went to the group that brought her.',
    need: { serviceType: S.SHELTER, priority: P.HIGH, note: 'Cannot return to her home village' },
    risk: { level: HIGH, indicators: [I.MOST_EARNINGS_HANDED_OVER, I.RESTRICTED_MOVEMENT] },
    steps: [submit, { do: 'decline', reason: 'We have no shelter place near Iasi before spring; please ask Bucharest partners.' }],
    endsIn: ReferralStatus.DECLINED,
  },
  {
    key: 'demo-case-05-cancelled',
    from: NL_SHELTER,
    to: NG_NGO,
    person: { givenNames: 'Grace', familyName: 'Example', dateOfBirth: '1997-04-08', gender: FEMALE, nationality: 'NG', language: 'en' },
    exploitationTypes: [SEXUAL],
    summary: 'Brought to Europe through Libya; a debt of 30,000 euro was claimed from her.',
    need: { serviceType: S.EDUCATION, priority: P.MEDIUM, note: 'Wants to finish a tailoring course' },
    risk: { level: HIGH, indicators: [I.DEBT, I.THREATS_AGAINST_FAMILY] },
    steps: [submit, { do: 'cancel', reason: 'She decided to stay for the criminal proceedings against the traffickers.' }],
    endsIn: ReferralStatus.CANCELLED,
  },
  {
    key: 'demo-case-06-returned',
    from: NL_CENTRE,
    to: HU_NGO,
    person: { givenNames: 'Eszter', familyName: 'Minta', dateOfBirth: '1992-12-01', gender: FEMALE, nationality: 'HU', language: 'hu' },
    exploitationTypes: [LABOUR],
    summary: 'Cleaned offices at night for a cleaning company that kept her passport.',
    need: { serviceType: S.EMPLOYMENT, priority: P.MEDIUM, note: 'Experience in cleaning and cooking' },
    risk: { level: LOW, indicators: [I.NO_OWN_IDENTITY_DOCUMENTS] },
    steps: [submit, accept, { do: 'recordArrival', daysAgo: 10 }],
    endsIn: ReferralStatus.RETURNED,
  },
  {
    key: 'demo-case-07-in-reintegration',
    from: NL_SHELTER,
    to: HU_NGO,
    person: { givenNames: 'Júlia', familyName: 'Példa', dateOfBirth: '1990-07-17', gender: FEMALE, nationality: 'HU', language: 'hu' },
    exploitationTypes: [SEXUAL, CRIMINAL_ACTIVITIES],
    summary: 'Forced into prostitution and to carry drugs across borders.',
    need: { serviceType: S.PSYCHOSOCIAL, priority: P.HIGH, note: 'Weekly counselling, in Hungarian' },
    risk: { level: MEDIUM, indicators: [I.THREATS_AGAINST_FAMILY] },
    steps: [
      submit,
      accept,
      { do: 'recordArrival', daysAgo: 40 },
      report,
      { do: 'message', by: 'receiver', body: 'The first follow-up is in: she started the counselling and a cooking course.' },
    ],
    endsIn: ReferralStatus.IN_REINTEGRATION,
  },
  {
    key: 'demo-case-08-closed',
    from: NL_IOM,
    to: RO_NGO,
    person: { givenNames: 'Andrei', familyName: 'Exemplu', dateOfBirth: '1985-03-09', gender: MALE, nationality: 'RO', language: 'ro' },
    exploitationTypes: [LABOUR],
    summary: 'Worked on building sites for a subcontractor who paid nothing for four months.',
    need: { serviceType: S.EMPLOYMENT, priority: P.MEDIUM, note: 'Qualified bricklayer' },
    risk: { level: LOW, indicators: [I.WORKING_FOR_A_THIRD_PARTY] },
    steps: [
      submit,
      accept,
      { do: 'recordArrival', daysAgo: 75 },
      report,
      { do: 'close', reason: 'He found steady work in Iasi and asked to end the support.' },
    ],
    endsIn: ReferralStatus.CLOSED,
  },
  {
    key: 'demo-case-09-consent-withdrawn',
    from: BE_NGO,
    to: BG_NGO,
    person: {
      givenNames: 'Desislava',
      familyName: 'Primerova',
      dateOfBirth: '1999-08-25',
      gender: FEMALE,
      nationality: 'BG',
      language: 'bg',
    },
    exploitationTypes: [SEXUAL],
    summary: 'Exploited in window prostitution by her partner.',
    need: { serviceType: S.LEGAL, priority: P.MEDIUM, note: 'Advice on a claim for compensation' },
    risk: { level: MEDIUM, indicators: [I.EXTORTION_OR_PROTECTION_MONEY] },
    steps: [
      submit,
      accept,
      { do: 'message', by: 'receiver', body: 'We can meet her at the bus station in Sofia.' },
      { do: 'withdrawConsent', reason: 'She no longer wants her data shared before she has spoken to her lawyer.' },
    ],
    endsIn: ReferralStatus.CONSENT_WITHDRAWN,
  },
  {
    key: 'demo-case-10-person-erased',
    from: NL_SHELTER,
    to: HU_NGO,
    person: { givenNames: 'Noémi', familyName: 'Minta', dateOfBirth: '1996-10-10', gender: FEMALE, nationality: 'HU', language: 'hu' },
    exploitationTypes: [LABOUR],
    summary: 'Worked as a live-in carer without pay or days off.',
    need: { serviceType: S.MEDICAL, priority: P.HIGH, note: 'Back injury, needs a doctor soon after arrival' },
    risk: { level: MEDIUM, indicators: [I.RESTRICTED_MOVEMENT] },
    steps: [
      submit,
      { do: 'message', by: 'sender', body: 'She asks that nobody contacts her family before she arrives.' },
      { do: 'erasePerson', reason: 'The person asked for her data to be erased (demo).' },
    ],
    endsIn: ReferralStatus.CONSENT_WITHDRAWN,
  },
];

/** Where and how people arrive in each receiving country, for the return plans. */
export const ARRIVAL_POINTS: Record<string, { route: string; place: string; metBy: string }> = {
  HU: { route: 'Flight AMS-BUD', place: 'Budapest airport, terminal 2', metBy: 'A social worker of the foundation' },
  BG: { route: 'Bus Rotterdam-Sofia', place: 'Sofia central bus station', metBy: 'A case worker of the NGO' },
  RO: { route: 'Flight EIN-IAS', place: 'Iasi airport, arrivals hall', metBy: 'A case worker of the centre' },
  NG: {
    route: 'Flight AMS-LOS, then by road to Benin City',
    place: 'Lagos airport, arrivals hall',
    metBy: 'A staff member of the initiative',
  },
};

/**
 * The sender's national fields, as its partner profile requires them: the Dutch reflection period of three months
 * (started `reflectionStart`), or the Belgian victim-status procedure.
 */
export function nationalFieldsOf(senderCountry: string, reflectionStart: string, nationality: string): { key: string; value: string }[] {
  if (senderCountry === 'BE') {
    return [
      { key: 'victimStatusProcedure', value: 'true' },
      { key: 'specialisedCentre', value: 'PAYOKE' },
    ];
  }
  if (senderCountry !== 'NL') return [];
  const end = new Date(`${reflectionStart}T00:00:00Z`);
  end.setUTCDate(end.getUTCDate() + 89);
  return [
    { key: 'reflectionPeriodStart', value: reflectionStart },
    { key: 'reflectionPeriodEnd', value: end.toISOString().slice(0, 10) },
    { key: 'cooperatedWithPolice', value: 'false' },
    { key: 'residenceStatus', value: nationality === 'NG' ? 'REFLECTION_PERIOD' : 'EU_CITIZEN' },
  ];
}

/** The first follow-up's report, which carries the reintegration plan. */
export const FIRST_FOLLOW_UP_REPORT = (arrivedOn: string): FollowUpReportContent => ({
  economicScore: 2,
  socialScore: 3,
  psychosocialScore: 3,
  safetyLevel: RiskLevel.LOW,
  riskIndicators: [],
  servicesDelivered: [{ serviceType: ServiceType.RECEPTION_AT_ARRIVAL, deliveredOn: arrivedOn }],
  personView: 'Glad to be home; worried about finding work.',
  nextSteps: 'Register with the job centre; second counselling session.',
  narrative: 'Met at arrival as planned. Stays with family for now; no contact from the recruiters so far.',
  reintegrationPlan: 'Three months of counselling, a vocational course, and help with a first job.',
});
