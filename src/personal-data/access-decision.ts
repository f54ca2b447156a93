import { ConsentPurpose, ConsentTerms, coverage, coverageOfAnyCategory, RedactionReason } from './consent-terms.js';
import { GOVERNING_CATEGORY, PersonalDataKind } from './personal-data-kind.js';
import { LegalBasis } from './subject-access-event.entity.js';

export interface AccessQuestion {
  viewerOrganisationId: string;
  subject: { organisationId: string; erasedAt: Date | null };
  /** The referral through which a receiver reads; null when the owner reads the subject directly. */
  /**
   * submittedAt: null for a referral never sent, whatever its status (a cancelled draft is CANCELLED); arrived: whether
   * the receiver recorded the person's arrival.
   */
  referral: { senderOrganisationId: string; receiverOrganisationId: string; submittedAt: Date | null; arrived: boolean } | null;
  consent: ConsentTerms | null;
  kind: PersonalDataKind;
  at: Date;
}

export type AccessDecision = { allowed: true; legalBasis: LegalBasis } | { allowed: false; reason: RedactionReason };

/**
 * Whether one organisation may read one kind of a person's data now, and on
 * what legal basis. The owner always may (until erasure); a receiver only
 * through a submitted referral addressed to it, and then by consent, except
 * for the risk assessment, which the vital-interest basis always shares.
 */
export function decideAccess(question: AccessQuestion): AccessDecision {
  const { subject, referral, viewerOrganisationId, kind, consent, at } = question;
  if (subject.erasedAt) return { allowed: false, reason: RedactionReason.ERASED };
  if (kind === PersonalDataKind.FOLLOW_UP_REPORT) {
    return referral
      ? reportAccess({ viewerOrganisationId, referral, consent, erased: false, at })
      : { allowed: false, reason: RedactionReason.NOT_COVERED };
  }
  if (viewerOrganisationId === subject.organisationId) return { allowed: true, legalBasis: LegalBasis.OWNER };
  if (!referral || referral.receiverOrganisationId !== viewerOrganisationId || referral.submittedAt === null) {
    return { allowed: false, reason: RedactionReason.NOT_COVERED };
  }
  const governing = GOVERNING_CATEGORY[kind];
  if (governing === 'VITAL_INTEREST') return { allowed: true, legalBasis: LegalBasis.VITAL_INTEREST };
  const purpose = purposeOfReading(referral.arrived);
  const request = { organisationId: viewerOrganisationId, purpose, at };
  const result = governing === 'ANY' ? coverageOfAnyCategory(consent, request) : coverage(consent, { ...request, category: governing });
  return result.covered ? { allowed: true, legalBasis: LegalBasis.CONSENT } : { allowed: false, reason: result.reason };
}

/** Why the receiver reads a referral: to prepare the return until the person arrives, then to support reintegration. */
export function purposeOfReading(arrived: boolean): ConsentPurpose {
  return arrived ? ConsentPurpose.REINTEGRATION_SUPPORT : ConsentPurpose.RETURN_ASSISTANCE;
}

/**
 * Follow-up reports travel back from the receiver to the sender. The receiver
 * reads them while the consent covers reintegration support for it; the sender
 * only while an active consent covers FOLLOW_UP_REPORTING by the receiver.
 */
export function reportAccess(question: {
  viewerOrganisationId: string;
  referral: { senderOrganisationId: string; receiverOrganisationId: string };
  consent: ConsentTerms | null;
  erased: boolean;
  at: Date;
}): AccessDecision {
  if (question.erased) return { allowed: false, reason: RedactionReason.ERASED };
  const { senderOrganisationId, receiverOrganisationId } = question.referral;
  if (question.viewerOrganisationId !== senderOrganisationId && question.viewerOrganisationId !== receiverOrganisationId) {
    return { allowed: false, reason: RedactionReason.NOT_COVERED };
  }
  const purpose =
    question.viewerOrganisationId === receiverOrganisationId ? ConsentPurpose.REINTEGRATION_SUPPORT : ConsentPurpose.FOLLOW_UP_REPORTING;
  const result = coverageOfAnyCategory(question.consent, { organisationId: receiverOrganisationId, purpose, at: question.at });
  return result.covered ? { allowed: true, legalBasis: LegalBasis.CONSENT } : { allowed: false, reason: result.reason };
}
