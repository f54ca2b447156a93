import { InputProblem } from '../common/errors.js';
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

/**
 * Everything that stands in the way of submitting, all at once, so the case worker fixes it in one go. The
 * problems lie in the draft and its consent, not in the submitting input, so each names the input as a whole.
 */
export function submissionProblems(facts: SubmissionFacts): InputProblem[] {
  const problems: InputProblem[] = [];
  const add = (constraint: string, message: string) => problems.push({ path: ['input'], constraint, message });
  const status = consentStatus(facts.consent, facts.at);
  if (status !== ConsentStatus.ACTIVE) add('consentActive', `the consent is ${status.toLowerCase()}`);
  if (!facts.consent.recipientOrganisationIds.includes(facts.receiver.id))
    add('consentNamesReceiver', `the consent does not name ${facts.receiver.name} as a recipient`);
  if (!facts.consent.purposes.includes(ConsentPurpose.RETURN_ASSISTANCE))
    add('consentCoversReturnAssistance', 'the consent does not cover RETURN_ASSISTANCE');
  if (!facts.receiver.active) add('receiverActive', `${facts.receiver.name} is suspended from the network`);
  if (facts.receiver.country !== facts.countryOfReturn) {
    add(
      'receiverInCountryOfReturn',
      `${facts.receiver.name} is in ${facts.receiver.country}, but the person returns to ${facts.countryOfReturn}`,
    );
  }
  if (!facts.hasRiskAssessment) add('riskAssessmentRequired', 'a risk assessment is required');
  if (facts.senderProfile) {
    for (const problem of validateReferralFields(facts.senderProfile, facts.nationalValues)) add(problem.constraint, problem.message);
  }
  return problems;
}
