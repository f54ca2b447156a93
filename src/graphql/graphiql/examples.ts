/**
 * The operations GraphiQL opens with, one tab each: the worked examples of the API guide (docs/api.md#guide),
 * word for word (test/api-guide.e2e-spec.ts checks both against the schema and against each other).
 */
export const GRAPHIQL_EXAMPLES: string[] = [
  `# Welcome to the RAVOT referral service.
# Put your token in the Headers tab below, then run this query (Ctrl-Enter).
# Nothing you type here, your token included, is kept in this browser.
# The other tabs hold the worked examples of the API guide (docs/api.md).

query WhoAmI {
  me {
    displayName
    roles
    organisation { name country }
    currentToken { name expiresAt }
  }
}
`,
  `query Inbox($after: String) {
  referrals(box: INBOX, status: SUBMITTED, first: 20, after: $after) {
    edges {
      cursor
      node { id reference status updatedAt sender { name country } }
    }
    pageInfo { hasNextPage endCursor hasPreviousPage startCursor }
  }
}
`,
  `mutation CreateReferral($input: CreateReferralInput!) {
  createReferral(input: $input) {
    referral { id reference status version }
  }
}
`,
  `mutation WithdrawConsent($input: WithdrawConsentInput!) {
  withdrawConsent(input: $input) {
    consent { id status withdrawnAt }
  }
}
`,
  `mutation SubmitFollowUp($input: SubmitFollowUpInput!) {
  submitFollowUp(input: $input) {
    followUp { id sequence status referral { status } }
  }
}
`,
  `query SearchPractices($search: String!) {
  practices(search: $search, first: 10) {
    edges { rank node { id title language organisation { name } } }
    pageInfo { hasNextPage endCursor }
  }
}
`,
  `query ReferralsByYear {
  referralStatistics(groupBy: [YEAR, RECEIVER_COUNTRY]) {
    threshold
    rows { keys referrals { value suppressed } }
  }
}
`,
  `query NewEvents($after: String) {
  events(first: 100, after: $after, types: [REFERRAL_RECEIVED, CONSENT_WITHDRAWN]) {
    edges { node { id type occurredAt referralId } }
    pageInfo { hasNextPage endCursor }
  }
}
`,
  `query Refetch($ids: [ID!]!) {
  nodes(ids: $ids) {
    __typename
    id
    ... on Referral { status version updatedAt }
    ... on FollowUp { dueOn submittedAt }
  }
}
`,
  `mutation AddMember($input: AddMemberInput!) {
  addMember(input: $input) {
    member { id displayName roles }
  }
}
`,
];
