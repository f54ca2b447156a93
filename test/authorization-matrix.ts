import { Role } from '../src/auth/role.js';

const { NETWORK_ADMIN, ORG_ADMIN, CASE_WORKER, ANALYST, PRACTICE_EDITOR } = Role;
const ANYONE = [NETWORK_ADMIN, ORG_ADMIN, CASE_WORKER, ANALYST, PRACTICE_EDITOR];

/**
 * Who may call each operation of the API, by role. Every other role gets
 * FORBIDDEN; no token, a revoked token and a suspended organisation's member
 * get UNAUTHENTICATED. Which rows a permitted call then sees is the business of
 * row-level security and of each domain's suites (a third organisation gets
 * NOT_FOUND). An operation that is not in this table fails the matrix test:
 * nothing ships unreviewed.
 */
export const WHO_MAY: Record<string, Role[]> = {
  // The network's shared knowledge and one's own account
  me: ANYONE,
  organisations: ANYONE,
  organisation: ANYONE,
  partnerProfiles: ANYONE,
  partnerProfile: ANYONE,
  practices: ANYONE,
  practice: ANYONE,
  meetings: ANYONE,
  meeting: ANYONE,
  registrationStatistics: ANYONE,
  issueToken: ANYONE,
  revokeToken: ANYONE,
  commentOnPractice: ANYONE,
  endorsePractice: [PRACTICE_EDITOR, ORG_ADMIN],
  withdrawEndorsement: [PRACTICE_EDITOR, ORG_ADMIN],

  // The network's administration
  createOrganisation: [NETWORK_ADMIN],
  suspendOrganisation: [NETWORK_ADMIN],
  reactivateOrganisation: [NETWORK_ADMIN],
  verifyAuditChain: [NETWORK_ADMIN],
  updateOrganisation: [NETWORK_ADMIN, ORG_ADMIN],

  // An organisation's own administration
  members: [ORG_ADMIN],
  addMember: [ORG_ADMIN],
  updateMemberRoles: [ORG_ADMIN],
  removeMember: [ORG_ADMIN],
  auditEvents: [ORG_ADMIN],

  // People, consents, referrals and follow-ups: case work
  registerSubject: [CASE_WORKER],
  updateSubject: [CASE_WORKER],
  subject: [CASE_WORKER],
  subjects: [CASE_WORKER],
  eraseSubject: [CASE_WORKER, ORG_ADMIN],
  subjectAccessLog: [CASE_WORKER, ORG_ADMIN],
  recordConsent: [CASE_WORKER],
  withdrawConsent: [CASE_WORKER],
  referral: [CASE_WORKER],
  referrals: [CASE_WORKER],
  createReferral: [CASE_WORKER],
  updateReferralDraft: [CASE_WORKER],
  submitReferral: [CASE_WORKER],
  acceptReferral: [CASE_WORKER],
  declineReferral: [CASE_WORKER],
  recordArrival: [CASE_WORKER],
  closeReferral: [CASE_WORKER],
  cancelReferral: [CASE_WORKER],
  sendReferralMessage: [CASE_WORKER],
  followUps: [CASE_WORKER],
  followUpCounts: [CASE_WORKER],
  submitFollowUp: [CASE_WORKER],
  correctFollowUpReport: [CASE_WORKER],
  addFollowUp: [CASE_WORKER],
  moveFollowUp: [CASE_WORKER],

  // Knowledge sharing
  createPractice: [PRACTICE_EDITOR, ORG_ADMIN],
  updatePractice: [PRACTICE_EDITOR, ORG_ADMIN],
  publishPractice: [PRACTICE_EDITOR, ORG_ADMIN],
  archivePractice: [PRACTICE_EDITOR, ORG_ADMIN],
  createMeeting: [PRACTICE_EDITOR, ORG_ADMIN],
  updateMeeting: [PRACTICE_EDITOR, ORG_ADMIN],

  // Figures
  referralStatistics: [ANALYST, NETWORK_ADMIN],
  reintegrationStatistics: [ANALYST, NETWORK_ADMIN],
  importRegistrationStatistics: [ANALYST, NETWORK_ADMIN],
};
