/** Everything the referral screen shows, in one request; each part comes back as the reader may see it. */
export const REFERRAL = `query Referral($id: ID!) {
  referral(id: $id) {
    id reference status version createdAt updatedAt submittedAt arrivedOn statusReason statusReasonRedaction
    senderCountry receiverCountry sender { id name } receiver { id name }
    subject { id pseudonym nationality countryOfReturn gender
      identity { givenNames familyName dateOfBirth languages }
      contact { phone email address safeContactNotes }
      redactions { field reason } }
    consent { status purposes categories givenAt expiresAt }
    needs { serviceType priority note }
    caseHistory { exploitationTypes summary nationalFields { key value } }
    riskAssessment { level indicators notes legalBasis }
    returnPlan { plannedReturnDate route reception { place metBy meetingAt } }
    redactions { field reason }
    messages { id authorOrganisationId body bodyRedaction createdAt }
    events { id type fromStatus toStatus occurredAt actorOrganisationId reason reasonRedaction }
    followUps { id sequence dueOn status carriesReintegrationPlan submittedAt
      report { submittedAt contentRedaction content { economicScore socialScore psychosocialScore safetyLevel narrative } } }
  }
  partnerProfiles { country referralFields { key label type } }
}`;

/** The national fields' definitions of every partner country: a referral's fields are the sending country's. */
export interface ProfileFields {
  country: string;
  referralFields: { key: string; label: string; type: string }[];
}

/** The sender's own view of the person's consents, to withdraw the one the referral rests on. */
export const CONSENTS = `query Consents($id: ID!) { subject(id: $id) { consents { id status recipientOrganisationIds } } }`;

export interface Referral {
  id: string;
  reference: string;
  status: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  arrivedOn: string | null;
  statusReason: string | null;
  statusReasonRedaction: string | null;
  senderCountry: string;
  receiverCountry: string;
  sender: { id: string; name: string };
  receiver: { id: string; name: string };
  subject: {
    id: string;
    pseudonym: string;
    nationality: string;
    countryOfReturn: string;
    gender: string;
    identity: { givenNames: string; familyName: string; dateOfBirth: string | null; languages: string[] } | null;
    contact: { phone: string | null; email: string | null; address: string | null; safeContactNotes: string | null } | null;
    redactions: { field: string; reason: string }[];
  };
  consent: { status: string; purposes: string[]; categories: string[]; givenAt: string; expiresAt: string | null } | null;
  needs: { serviceType: string; priority: string; note: string | null }[] | null;
  caseHistory: { exploitationTypes: string[]; summary: string | null; nationalFields: { key: string; value: string }[] } | null;
  riskAssessment: { level: string; indicators: string[]; notes: string | null; legalBasis: string } | null;
  returnPlan: {
    plannedReturnDate: string | null;
    route: string | null;
    reception: { place: string; metBy: string; meetingAt: string | null } | null;
  } | null;
  redactions: { field: string; reason: string }[];
  messages: { id: string; authorOrganisationId: string; body: string | null; bodyRedaction: string | null; createdAt: string }[];
  events: {
    id: string;
    type: string;
    fromStatus: string | null;
    toStatus: string | null;
    occurredAt: string;
    actorOrganisationId: string | null;
    reason: string | null;
    reasonRedaction: string | null;
  }[];
  followUps: {
    id: string;
    sequence: number;
    carriesReintegrationPlan: boolean;
    dueOn: string;
    status: string;
    submittedAt: string | null;
    report: {
      submittedAt: string;
      contentRedaction: string | null;
      content: { economicScore: number; socialScore: number; psychosocialScore: number; safetyLevel: string; narrative: string } | null;
    } | null;
  }[];
}
