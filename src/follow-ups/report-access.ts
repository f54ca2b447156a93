import { ConsentPurpose, ConsentTerms, coverageOfAnyCategory, RedactionReason } from '../consents/consent-terms.js';
import { AccessDecision } from '../subjects/access-decision.js';
import { LegalBasis } from '../subjects/subject-access-event.entity.js';

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
