import { ConsentPurpose, ConsentTerms, consentStatus, ConsentStatus } from '../personal-data/consent-terms.js';
import { PartnerProfile } from '../partners/partner-profile.js';
import { validateReferralFields } from '../partners/referral-fields.js';

export interface SubmissionFacts {
  consent: ConsentTerms;
  receiver: { id: string; name: string; active: boolean; country: string };
  countryOfReturn: string;
  senderProfile: PartnerProfile | undefined;
  nationalValues: Record<string, unknown>;
  hasRiskAssessment: boolean;
  at: Date;
}

/** Everything that stands in the way of submitting, all at once, so the case worker fixes it in one go. */
export function submissionProblems(facts: SubmissionFacts): string[] {
  const problems: string[] = [];
  const status = consentStatus(facts.consent, facts.at);
  if (status !== ConsentStatus.ACTIVE) problems.push(`the consent is ${status.toLowerCase()}`);
  if (!facts.consent.recipientOrganisationIds.includes(facts.receiver.id))
    problems.push(`the consent does not name ${facts.receiver.name} as a recipient`);
  if (!facts.consent.purposes.includes(ConsentPurpose.RETURN_ASSISTANCE)) problems.push('the consent does not cover RETURN_ASSISTANCE');
  if (!facts.receiver.active) problems.push(`${facts.receiver.name} is suspended from the network`);
  if (facts.receiver.country !== facts.countryOfReturn) {
    problems.push(`${facts.receiver.name} is in ${facts.receiver.country}, but the person returns to ${facts.countryOfReturn}`);
  }
  if (!facts.hasRiskAssessment) problems.push('a risk assessment is required');
  if (facts.senderProfile) problems.push(...validateReferralFields(facts.senderProfile, facts.nationalValues));
  return problems;
}
