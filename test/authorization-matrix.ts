import { Role } from '../src/auth/role.js';

const { NETWORK_ADMIN, ORG_ADMIN, CASE_WORKER, ANALYST, PRACTICE_EDITOR } = Role;
const ANYONE = [NETWORK_ADMIN, ORG_ADMIN, CASE_WORKER, ANALYST, PRACTICE_EDITOR];

/**
 * Who may call each operation of the API, by role. Every other role gets
 * FORBIDDEN; no token, a revoked token and a suspended organisation's member
 * get UNAUTHENTICATED. Which records a permitted call then reaches is the
 * second table's business, WHICH_PARTY below. An operation that is not in this
 * table fails the matrix test: nothing ships unreviewed.
 */
export const WHO_MAY: Record<string, Role[]> = {
  // The network's shared knowledge and one's own account
  me: ANYONE,
  // Any object by its id: each type then answers as its own query would (WHICH_PARTY)
  node: ANYONE,
  nodes: ANYONE,
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
  issueSignInLink: [ORG_ADMIN],
  auditEvents: [ORG_ADMIN],

  // What a partner system hears: its case workers' and its administrators' tokens poll the feed
  events: [CASE_WORKER, ORG_ADMIN],
  // Where it is pushed to: the organisation's admins keep its webhook endpoints
  webhookEndpoints: [ORG_ADMIN],
  webhookDeliveries: [ORG_ADMIN],
  registerWebhookEndpoint: [ORG_ADMIN],
  rotateWebhookSecret: [ORG_ADMIN],
  pauseWebhookEndpoint: [ORG_ADMIN],
  resumeWebhookEndpoint: [ORG_ADMIN],
  deleteWebhookEndpoint: [ORG_ADMIN],
  redeliverWebhook: [ORG_ADMIN],

  // People, consents, referrals and follow-ups: case work
  registerSubject: [CASE_WORKER],
  registerAndRefer: [CASE_WORKER],
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

/*
 * The organisation dimension: the same operations called on a real record by
 * each role of three organisations. Who they are depends on the record:
 *
 *   record                        OWNER                    COUNTERPART                         THIRD
 *   referral (draft, cancelled    the sender               the receiver                        an uninvolved organisation
 *     or withdrawn draft,
 *     submitted, accepted,
 *     returned), subject, consent
 *   follow-up, reported follow-up the receiver (who        the sender                          an uninvolved organisation
 *                                 reports it)
 *   member, token                 the member's employer    another organisation                an uninvolved organisation
 *   draft/published/archived/     the author organisation  another organisation (that endorsed an uninvolved organisation
 *     endorsed practice                                    the endorsed one)                   (that endorsed it too)
 *   meeting                       the host                 a participant                       an uninvolved organisation
 *   organisation, suspended one   the organisation itself  another organisation                an uninvolved organisation
 *
 * Every party organisation has a member with each single role, a NETWORK_ADMIN
 * included, so the network's role is tried as owner, counterpart and third party alike.
 */
export type RecordKind =
  | 'draft referral'
  | 'cancelled draft referral'
  | 'withdrawn draft referral'
  | 'submitted referral'
  | 'accepted referral'
  | 'returned referral'
  | 'follow-up'
  | 'reported follow-up'
  | 'subject'
  | 'consent'
  | 'member'
  | 'token'
  | 'draft practice'
  | 'published practice'
  | 'archived practice'
  | 'endorsed practice'
  | 'meeting'
  | 'organisation'
  | 'suspended organisation'
  | 'webhook endpoint'
  | 'webhook delivery';

export type RecordParty = 'OWNER' | 'COUNTERPART' | 'THIRD';

/**
 * What a party's member gets, for the roles WHO_MAY lists (the other roles get
 * FORBIDDEN from the guard, before any record is looked at):
 * - ALLOWED: an answer with data;
 * - FORBIDDEN, CONFLICT, NOT_FOUND: the party may know the record, but not do
 *   this (FORBIDDEN), not in the record's state (CONFLICT), or has no part of its
 *   own in it to act on (NOT_FOUND: an endorsement it never gave); no data, nothing changed;
 * - UNSEEN: the record does not exist for the party: the whole answer is exactly
 *   the answer for an id that exists nowhere; no data, nothing changed;
 * - UNAUTHENTICATED: the party's members cannot sign in (its organisation is suspended).
 */
export type Outcome = 'ALLOWED' | 'FORBIDDEN' | 'CONFLICT' | 'NOT_FOUND' | 'UNSEEN' | 'UNAUTHENTICATED';

/** An outcome that differs between the permitted roles of one party. */
export interface ByRole {
  roles: Partial<Record<Role, Outcome>>;
  otherwise: Outcome;
}

export interface OnRecord {
  on: RecordKind;
  OWNER: Outcome | ByRole;
  COUNTERPART: Outcome | ByRole;
  THIRD: Outcome | ByRole;
}

/** A list: the parties whose permitted members find the record's row in it; the others must find none. */
export interface Listing {
  list: RecordKind;
  args: Record<string, unknown>;
  sees: RecordParty[];
}

export type PartyRule = OnRecord[] | Listing[] | { noRecord: string };

const on = (record: RecordKind, OWNER: Outcome | ByRole, COUNTERPART: Outcome | ByRole, THIRD: Outcome | ByRole): OnRecord => ({
  on: record,
  OWNER,
  COUNTERPART,
  THIRD,
});
const listing = (record: RecordKind, sees: RecordParty[], args: Record<string, unknown> = {}): Listing => ({ list: record, args, sees });
const noRecord = (why: string) => ({ noRecord: why });
const byRole = (roles: Partial<Record<Role, Outcome>>, otherwise: Outcome): ByRole => ({ roles, otherwise });

const ALLOWED = 'ALLOWED';
const FORBIDDEN = 'FORBIDDEN';
const CONFLICT = 'CONFLICT';
const NOT_FOUND = 'NOT_FOUND';
const UNSEEN = 'UNSEEN';
const UNAUTHENTICATED = 'UNAUTHENTICATED';
const OWNER = 'OWNER';
const COUNTERPART = 'COUNTERPART';
const THIRD = 'THIRD';
const EVERYONE: RecordParty[] = [OWNER, COUNTERPART, THIRD];

const CASE_WORK = byRole({ CASE_WORKER: ALLOWED }, UNSEEN);
const ADMINISTRATION = byRole({ ORG_ADMIN: ALLOWED }, UNSEEN);

/** node(id) and nodes(ids) on each kind of record: the rows of the record's own query, with its roles. */
const BY_ID: OnRecord[] = [
  on('draft referral', CASE_WORK, UNSEEN, UNSEEN),
  on('submitted referral', CASE_WORK, CASE_WORK, UNSEEN),
  on('follow-up', CASE_WORK, CASE_WORK, UNSEEN),
  on('subject', CASE_WORK, UNSEEN, UNSEEN),
  on('consent', CASE_WORK, UNSEEN, UNSEEN),
  on('member', ADMINISTRATION, UNSEEN, UNSEEN),
  on('token', ADMINISTRATION, UNSEEN, UNSEEN),
  on('webhook endpoint', ADMINISTRATION, UNSEEN, UNSEEN),
  on('webhook delivery', ADMINISTRATION, UNSEEN, UNSEEN),
  on('draft practice', ALLOWED, UNSEEN, UNSEEN),
  on('published practice', ALLOWED, ALLOWED, ALLOWED),
  on('archived practice', ALLOWED, UNSEEN, UNSEEN),
  on('meeting', ALLOWED, ALLOWED, ALLOWED),
  on('organisation', ALLOWED, ALLOWED, ALLOWED),
];

/**
 * Which party may see or touch a record, per operation: `on(record, OWNER,
 * COUNTERPART, THIRD)`, `listing(record, parties that find its row, arguments)`,
 * or `noRecord(why)` for an operation that addresses no existing record. On
 * every record, no token, a revoked token and a suspended organisation's member
 * also get UNAUTHENTICATED, exactly as for an unknown id. An operation missing
 * here fails the test, as in WHO_MAY.
 */
export const WHICH_PARTY: Record<string, PartyRule> = {
  // Referrals: a draft is the sender's alone, also once cancelled or stopped unsent; the receiver sees it once submitted
  referral: [
    on('draft referral', ALLOWED, UNSEEN, UNSEEN),
    on('cancelled draft referral', ALLOWED, UNSEEN, UNSEEN),
    on('withdrawn draft referral', ALLOWED, UNSEEN, UNSEEN),
    on('submitted referral', ALLOWED, ALLOWED, UNSEEN),
  ],
  referrals: [
    listing('draft referral', [OWNER], { box: 'OUTBOX' }),
    listing('draft referral', [], { box: 'INBOX' }),
    listing('cancelled draft referral', [], { box: 'INBOX' }),
    listing('withdrawn draft referral', [], { box: 'INBOX' }),
    listing('submitted referral', [OWNER], { box: 'OUTBOX' }),
    listing('submitted referral', [COUNTERPART], { box: 'INBOX' }),
  ],
  createReferral: [on('subject', ALLOWED, UNSEEN, UNSEEN)],
  updateReferralDraft: [on('draft referral', ALLOWED, UNSEEN, UNSEEN), on('submitted referral', CONFLICT, FORBIDDEN, UNSEEN)],
  submitReferral: [on('draft referral', ALLOWED, UNSEEN, UNSEEN), on('submitted referral', CONFLICT, FORBIDDEN, UNSEEN)],
  cancelReferral: [on('draft referral', ALLOWED, UNSEEN, UNSEEN), on('submitted referral', ALLOWED, FORBIDDEN, UNSEEN)],
  acceptReferral: [
    on('draft referral', FORBIDDEN, UNSEEN, UNSEEN),
    on('cancelled draft referral', FORBIDDEN, UNSEEN, UNSEEN),
    on('submitted referral', FORBIDDEN, ALLOWED, UNSEEN),
  ],
  declineReferral: [on('draft referral', FORBIDDEN, UNSEEN, UNSEEN), on('submitted referral', FORBIDDEN, ALLOWED, UNSEEN)],
  recordArrival: [on('draft referral', FORBIDDEN, UNSEEN, UNSEEN), on('accepted referral', FORBIDDEN, ALLOWED, UNSEEN)],
  closeReferral: [on('draft referral', FORBIDDEN, UNSEEN, UNSEEN), on('returned referral', FORBIDDEN, ALLOWED, UNSEEN)],
  sendReferralMessage: [
    on('draft referral', ALLOWED, UNSEEN, UNSEEN),
    on('withdrawn draft referral', ALLOWED, UNSEEN, UNSEEN),
    on('submitted referral', ALLOWED, ALLOWED, UNSEEN),
  ],
  addFollowUp: [on('draft referral', FORBIDDEN, UNSEEN, UNSEEN), on('returned referral', FORBIDDEN, ALLOWED, UNSEEN)],

  // Follow-ups: the receiver reports them; the sender knows them from the referral
  followUps: [listing('follow-up', [OWNER])],
  followUpCounts: [listing('follow-up', [OWNER])],
  submitFollowUp: [on('follow-up', ALLOWED, FORBIDDEN, UNSEEN)],
  moveFollowUp: [on('follow-up', ALLOWED, FORBIDDEN, UNSEEN)],
  correctFollowUpReport: [on('reported follow-up', ALLOWED, FORBIDDEN, UNSEEN)],

  // People and consents: the registering organisation's; a receiver reads them only through a referral
  subject: [on('subject', ALLOWED, UNSEEN, UNSEEN)],
  subjects: [listing('subject', [OWNER])],
  updateSubject: [on('subject', ALLOWED, UNSEEN, UNSEEN)],
  eraseSubject: [on('subject', ALLOWED, UNSEEN, UNSEEN)],
  subjectAccessLog: [on('subject', ALLOWED, UNSEEN, UNSEEN)],
  recordConsent: [on('subject', ALLOWED, UNSEEN, UNSEEN)],
  withdrawConsent: [on('consent', ALLOWED, UNSEEN, UNSEEN)],

  // An organisation's own administration: members, tokens and the audit log stay inside it
  members: [listing('member', [OWNER])],
  updateMemberRoles: [on('member', ALLOWED, UNSEEN, UNSEEN)],
  removeMember: [on('member', ALLOWED, UNSEEN, UNSEEN)],
  issueSignInLink: [on('member', ALLOWED, UNSEEN, UNSEEN)],
  issueToken: [on('member', byRole({ ORG_ADMIN: ALLOWED }, FORBIDDEN), UNSEEN, UNSEEN)],
  revokeToken: [on('token', byRole({ ORG_ADMIN: ALLOWED }, UNSEEN), UNSEEN, UNSEEN)],
  auditEvents: [listing('subject', [OWNER])],
  // A referral's events reach its sender, and its receiver once it was submitted; nobody else
  events: [
    listing('cancelled draft referral', [OWNER]),
    listing('withdrawn draft referral', [OWNER]),
    listing('submitted referral', [OWNER, COUNTERPART]),
  ],
  // Webhook endpoints and their delivery logs stay inside their organisation
  webhookEndpoints: [listing('webhook endpoint', [OWNER])],
  webhookDeliveries: [on('webhook endpoint', ALLOWED, UNSEEN, UNSEEN)],
  registerWebhookEndpoint: noRecord("a new endpoint of the caller's own organisation"),
  rotateWebhookSecret: [on('webhook endpoint', ALLOWED, UNSEEN, UNSEEN)],
  pauseWebhookEndpoint: [on('webhook endpoint', ALLOWED, UNSEEN, UNSEEN)],
  resumeWebhookEndpoint: [on('webhook endpoint', ALLOWED, UNSEEN, UNSEEN)],
  deleteWebhookEndpoint: [on('webhook endpoint', ALLOWED, UNSEEN, UNSEEN)],
  redeliverWebhook: [on('webhook delivery', ALLOWED, UNSEEN, UNSEEN)],

  // The directory is network-wide; an organisation changes itself, the network's administration any other
  organisation: [on('organisation', ALLOWED, ALLOWED, ALLOWED)],
  organisations: [listing('organisation', EVERYONE)],
  updateOrganisation: [
    on('organisation', ALLOWED, byRole({ NETWORK_ADMIN: ALLOWED }, FORBIDDEN), byRole({ NETWORK_ADMIN: ALLOWED }, FORBIDDEN)),
  ],
  suspendOrganisation: [on('organisation', CONFLICT, ALLOWED, ALLOWED)],
  reactivateOrganisation: [on('suspended organisation', UNAUTHENTICATED, ALLOWED, ALLOWED)],

  // Knowledge: published practices and meetings are network-wide; drafts and archived records the author's alone
  practice: [
    on('draft practice', ALLOWED, UNSEEN, UNSEEN),
    on('published practice', ALLOWED, ALLOWED, ALLOWED),
    on('archived practice', ALLOWED, UNSEEN, UNSEEN),
  ],
  practices: [
    listing('draft practice', [OWNER], { status: 'DRAFT' }),
    listing('published practice', EVERYONE),
    listing('archived practice', [OWNER], { status: 'ARCHIVED' }),
  ],
  updatePractice: [on('draft practice', ALLOWED, UNSEEN, UNSEEN), on('published practice', ALLOWED, FORBIDDEN, FORBIDDEN)],
  publishPractice: [on('draft practice', ALLOWED, UNSEEN, UNSEEN), on('published practice', CONFLICT, FORBIDDEN, FORBIDDEN)],
  archivePractice: [on('draft practice', CONFLICT, UNSEEN, UNSEEN), on('published practice', ALLOWED, FORBIDDEN, FORBIDDEN)],
  endorsePractice: [on('draft practice', CONFLICT, UNSEEN, UNSEEN), on('published practice', FORBIDDEN, ALLOWED, ALLOWED)],
  withdrawEndorsement: [on('draft practice', NOT_FOUND, UNSEEN, UNSEEN), on('endorsed practice', NOT_FOUND, ALLOWED, ALLOWED)],
  commentOnPractice: [
    on('draft practice', CONFLICT, UNSEEN, UNSEEN),
    on('published practice', ALLOWED, ALLOWED, ALLOWED),
    on('archived practice', CONFLICT, UNSEEN, UNSEEN),
  ],
  meeting: [on('meeting', ALLOWED, ALLOWED, ALLOWED)],
  meetings: [listing('meeting', EVERYONE)],
  updateMeeting: [on('meeting', ALLOWED, FORBIDDEN, FORBIDDEN)],

  // Any object by its id, exactly as its own query or field answers the caller; null (UNSEEN) where that one
  // would not find it, a role it asks for included
  node: BY_ID,
  nodes: BY_ID,

  // Operations that address no existing record
  me: noRecord("the caller's own account"),
  partnerProfile: noRecord("a country's rules: reference data"),
  partnerProfiles: noRecord("the countries' rules: reference data"),
  registrationStatistics: noRecord('published national figures'),
  referralStatistics: noRecord('aggregates across the network, small cells suppressed'),
  reintegrationStatistics: noRecord('aggregates across the network, small cells suppressed'),
  verifyAuditChain: noRecord('checks every chain and answers no event'),
  importRegistrationStatistics: noRecord('writes national figures'),
  createOrganisation: noRecord('creates a new organisation'),
  addMember: noRecord("adds to the caller's own organisation"),
  registerSubject: noRecord("registers in the caller's own organisation"),
  registerAndRefer: noRecord("registers in the caller's own organisation, then refers under its own consent"),
  createPractice: noRecord("writes a draft of the caller's own organisation"),
  createMeeting: noRecord("creates a meeting the caller's organisation hosts"),
};
