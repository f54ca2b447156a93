import { AUDIT_NODES } from './audit/audit-nodes.js';
import { CONSENT_NODES } from './consents/consent-nodes.js';
import { EVENT_NODES } from './events/event-nodes.js';
import { FOLLOW_UP_NODES } from './follow-ups/follow-up-nodes.js';
import type { NodeType } from './graphql/node.js';
import { MEETING_NODES } from './meetings/meeting-nodes.js';
import { ORGANISATION_NODES } from './organisations/organisation-nodes.js';
import { PRACTICE_NODES } from './practices/practice-nodes.js';
import { REFERRAL_NODES } from './referrals/referral-nodes.js';
import { SUBJECT_NODES } from './subjects/subject-nodes.js';
import { WEBHOOK_NODES } from './webhooks/webhook-nodes.js';

/** Every GraphQL type that implements Node, with how node(id) finds it; test/node-lookup.e2e-spec.ts checks none is missing. */
export const NODE_TYPE_LIST: NodeType[] = [
  ...ORGANISATION_NODES,
  ...AUDIT_NODES,
  ...EVENT_NODES,
  ...WEBHOOK_NODES,
  ...SUBJECT_NODES,
  ...CONSENT_NODES,
  ...REFERRAL_NODES,
  ...FOLLOW_UP_NODES,
  ...MEETING_NODES,
  ...PRACTICE_NODES,
];
