import { ExploitationType } from '../../common/exploitation-type.js';
import { RedactionReason } from '../../personal-data/consent-terms.js';
import { ReferralStatus } from '../../referrals/referral-lifecycle.js';
import { Gender } from '../../subjects/subject.entity.js';

/**
 * One case in the field names of the UN IOM Human Trafficking Case Data Standard v2 (HTCDS). The standard's own
 * fields carry its prefixes (cas_ case, prs_ person, vic_ victim context, con_ consent, org_ organisation); what the
 * standard has no field for carries the prefix ext_. docs/exchange.md is the mapping, and
 * docs/schemas/htcds-export.schema.json the schema a consumer can validate against.
 */
export interface HtcdsCase {
  /** Keyed pseudonym of the referral, stable for the exporting organisation: never the referral's id. */
  ext_CaseId: string;
  /** Keyed pseudonym of the person, stable for the exporting organisation: never the person's id. */
  ext_PersonPseudonym: string;
  /** The case reference (e.g. NL-2026-000123), only where the person's identity may be read: it names the person to partners. */
  ext_CaseReference: string | null;
  /** Whether the exporting organisation sent (OUTGOING) or received (INCOMING) the referral. */
  ext_Direction: 'OUTGOING' | 'INCOMING';
  ext_ReferralStatus: ReferralStatus;
  cas_Status: HtcdsCaseStatus;
  cas_ReferringOrganisation: string;
  cas_ReferredOrganisation: string;
  cas_ReasonForOutgoingReferral: 'MigrationOrChangeOfLocation';
  cas_OutgoingReferralDate: string | null;
  cas_IncomingReferralDate: string | null;
  org_ShippingCountry: string;
  ext_ReferredCountry: string;
  con_Consent: boolean;
  /** Why the person's fields are empty: null when they are given. */
  ext_PersonalDataWithheld: RedactionReason | null;
  prs_FirstName: string | null;
  prs_SecondName: string | null;
  prs_Birthdate: string | null;
  prs_Gender: HtcdsGender | null;
  prs_Citizenship: string | null;
  prs_PrimaryLanguage: string | null;
  prs_SecondaryLanguage: string | null;
  /** Governed by the consent's CASE_HISTORY category, as in the API. */
  vic_TypeOfExploitation: HtcdsExploitation[] | null;
}

export type HtcdsCaseStatus = 'Active' | 'FollowUp' | 'Closed';
export type HtcdsGender = 'Feminine' | 'Masculine' | 'NonConforming' | 'NonSpecifiedUnknown';
export type HtcdsExploitation = 'SexualExploitation' | 'ForcedLabour' | 'ForcedBegging' | 'ForcedMarriage' | 'OrganRemoval' | 'Other';

/** The columns of the CSV export, in this order. */
export const HTCDS_COLUMNS: (keyof HtcdsCase)[] = [
  'ext_CaseId',
  'ext_PersonPseudonym',
  'ext_CaseReference',
  'ext_Direction',
  'ext_ReferralStatus',
  'cas_Status',
  'cas_ReferringOrganisation',
  'cas_ReferredOrganisation',
  'cas_ReasonForOutgoingReferral',
  'cas_OutgoingReferralDate',
  'cas_IncomingReferralDate',
  'org_ShippingCountry',
  'ext_ReferredCountry',
  'con_Consent',
  'ext_PersonalDataWithheld',
  'prs_FirstName',
  'prs_SecondName',
  'prs_Birthdate',
  'prs_Gender',
  'prs_Citizenship',
  'prs_PrimaryLanguage',
  'prs_SecondaryLanguage',
  'vic_TypeOfExploitation',
];

/** HTCDS knows Active, FollowUp, Closed and ClosedReferred; a referral that ended without a return is Closed. */
const STATUS: Record<ReferralStatus, HtcdsCaseStatus> = {
  DRAFT: 'Active',
  SUBMITTED: 'Active',
  ACCEPTED: 'Active',
  RETURNED: 'FollowUp',
  IN_REINTEGRATION: 'FollowUp',
  CLOSED: 'Closed',
  DECLINED: 'Closed',
  CANCELLED: 'Closed',
  CONSENT_WITHDRAWN: 'Closed',
};

/** HTCDS genders describe expression; ours is the coarse category the person gave, so OTHER is the nearest: NonConforming. */
const GENDER: Record<Gender, HtcdsGender> = {
  FEMALE: 'Feminine',
  MALE: 'Masculine',
  OTHER: 'NonConforming',
  UNKNOWN: 'NonSpecifiedUnknown',
};

/** HTCDS has no value for forced criminal activities: it goes to Other, as the standard's guidance does for unlisted forms. */
const EXPLOITATION: Record<ExploitationType, HtcdsExploitation> = {
  SEXUAL: 'SexualExploitation',
  LABOUR: 'ForcedLabour',
  BEGGING: 'ForcedBegging',
  FORCED_MARRIAGE: 'ForcedMarriage',
  ORGAN_REMOVAL: 'OrganRemoval',
  CRIMINAL_ACTIVITIES: 'Other',
  OTHER: 'Other',
};

export const htcdsStatus = (status: ReferralStatus): HtcdsCaseStatus => STATUS[status];
export const htcdsGender = (gender: Gender): HtcdsGender => GENDER[gender] ?? 'NonSpecifiedUnknown';

export function htcdsExploitation(types: ExploitationType[]): HtcdsExploitation[] {
  return [...new Set(types.map((type) => EXPLOITATION[type]))];
}

/** A date as HTCDS Date fields take it (YYYY-MM-DD). */
export const htcdsDate = (at: Date | null): string | null => (at ? at.toISOString().slice(0, 10) : null);
