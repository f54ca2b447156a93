import { EventEntity, EventType } from '../events/event-type.js';
import { GRACE_DAYS, WINDOW_DAYS } from '../follow-ups/follow-up-status.js';
import { OPEN_STATUSES, ReferralStatus } from '../referrals/referral-lifecycle.js';

/** The consent's scope as the outbox writes it (see Outbox). */
const SCOPE = `jsonb_build_object('consentId', c.id, 'purposes', c.purposes, 'categories', c.categories, 'expiresAt', c.expires_at)`;

/** A consent in force at $1 (the scheduler's now). */
const CONSENT_ACTIVE = `(c.withdrawn_at IS NULL OR c.withdrawn_at > $1) AND (c.expires_at IS NULL OR c.expires_at > $1)`;

/**
 * Writes every time-based event that is due and not yet written, for the sender and the receiver: state, not
 * history, decides what is due, so a run after any downtime catches up on everything it missed, and the once-key
 * (type and record) keeps each event to one, whoever runs it and however often. $1 is now, $2 today.
 */
function announce(type: EventType, due: string, onceOf: string, entity: EventEntity | null, entityId: string | null): string {
  return `WITH due AS MATERIALIZED (
      SELECT gen_random_uuid() AS event_id, r.id AS referral_id, r.sender_organisation_id, r.receiver_organisation_id,
             ${entityId ?? 'NULL::uuid'} AS entity_id, ${SCOPE} AS scope, '${type}:' || ${onceOf} AS once_key
      ${due}
        AND NOT EXISTS (SELECT 1 FROM outbox_events e WHERE e.organisation_id = r.sender_organisation_id AND e.once_key = '${type}:' || ${onceOf}))
    INSERT INTO outbox_events (event_id, organisation_id, type, occurred_at, referral_id, entity, entity_id, consent_scope, once_key)
    SELECT d.event_id, recipient, '${type}', $1, d.referral_id, ${entity ? `'${entity}'` : 'NULL'}, d.entity_id, d.scope, d.once_key
    FROM due d CROSS JOIN LATERAL unnest(ARRAY[d.sender_organisation_id, d.receiver_organisation_id]) AS recipient
    ON CONFLICT (organisation_id, once_key) WHERE once_key IS NOT NULL DO NOTHING
    RETURNING 1`;
}

const REPORTING = `'${ReferralStatus.RETURNED}', '${ReferralStatus.IN_REINTEGRATION}'`;

/** Follow-ups still to be reported, of a referral in reporting whose consent is in force (stopped ones are cancelled). */
const OPEN_FOLLOW_UPS = `FROM follow_ups f JOIN referrals r ON r.id = f.referral_id JOIN consents c ON c.id = r.consent_id
      WHERE f.submitted_at IS NULL AND f.closed_as IS NULL AND r.status IN (${REPORTING}) AND ${CONSENT_ACTIVE}`;

const SUBMITTED_OPEN = OPEN_STATUSES.filter((status) => status !== ReferralStatus.DRAFT)
  .map((status) => `'${status}'`)
  .join(', ');

/** The statements of one run, each a single INSERT ... SELECT over the whole network. */
export const TIME_BASED_EVENTS = [
  // Its window has opened (the follow-up reads DUE), and it is not yet overdue: a run after a long pause skips straight to overdue.
  announce(
    EventType.FOLLOW_UP_DUE,
    `${OPEN_FOLLOW_UPS} AND $2::date >= f.due_on - ${WINDOW_DAYS} AND $2::date <= f.due_on + ${GRACE_DAYS}`,
    'f.id::text',
    EventEntity.FOLLOW_UP,
    'f.id',
  ),
  announce(
    EventType.FOLLOW_UP_OVERDUE,
    `${OPEN_FOLLOW_UPS} AND $2::date > f.due_on + ${GRACE_DAYS}`,
    'f.id::text',
    EventEntity.FOLLOW_UP,
    'f.id',
  ),
  // A submitted referral still open whose consent ran out (withdrawal is announced with the change itself).
  announce(
    EventType.CONSENT_EXPIRED,
    `FROM referrals r JOIN consents c ON c.id = r.consent_id
      WHERE r.status IN (${SUBMITTED_OPEN}) AND c.expires_at <= $1 AND (c.withdrawn_at IS NULL OR c.withdrawn_at > c.expires_at)`,
    'r.id::text',
    null,
    null,
  ),
];
