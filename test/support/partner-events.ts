import type { TestApp } from './test-app.js';

/** What the referral fixtures write about the person: none of it may reach an event. */
export const PERSONAL_MARKERS = ['Kovács', 'Szilvia', '1994-07-12', '+36 30', 'Diabetes', 'mushroom', 'Budapest airport'];

/** A consent that covers follow-up reports too, so that the receiver may report after the return. */
export const ALL_PURPOSES = ['RETURN_ASSISTANCE', 'REINTEGRATION_SUPPORT', 'FOLLOW_UP_REPORTING'];

export const FOLLOW_UPS = 'query($id: ID!) { referral(id: $id) { followUps { id sequence dueOn status } } }';
export const SUBMIT_FOLLOW_UP = 'mutation($input: SubmitFollowUpInput!) { submitFollowUp(input: $input) { followUp { id status } } }';

/** The first follow-up's report (it carries the reintegration plan). */
export const FOLLOW_UP_REPORT = {
  economicScore: 3,
  socialScore: 3,
  psychosocialScore: 3,
  safetyLevel: 'LOW',
  riskIndicators: [],
  servicesDelivered: [],
  narrative: 'Working in a bakery.',
  reintegrationPlan: 'Housing, then a job.',
};

export const MESSAGE = 'mutation($input: SendReferralMessageInput!) { sendReferralMessage(input: $input) { message { id } } }';

export const CANCEL_INPUT = (referral: { id: string; version: number }) => ({
  referralId: referral.id,
  expectedVersion: referral.version,
  reason: 'Wrong receiver',
});

export interface OutboxRow {
  event_id: string;
  type: string;
  actor_organisation_id: string | null;
  entity: string | null;
  entity_id: string | null;
  consent_scope: Record<string, unknown> | null;
}

/** One organisation's outbox rows about a referral, in the order written (read as the database owner). */
export function eventsOf(t: TestApp, organisationId: string, referralId: string): Promise<OutboxRow[]> {
  return t.dataSource.query(
    `SELECT event_id, type, actor_organisation_id, entity, entity_id, consent_scope FROM outbox_events
     WHERE organisation_id = $1 AND referral_id = $2 ORDER BY position`,
    [organisationId, referralId],
  );
}

/**
 * Waits until every event written so far is readable in the feed: the feed holds back rows while an older write
 * transaction anywhere on the server may still commit before them (suites and other databases share the server).
 */
export async function eventsSettled(t: TestApp, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [{ settled }] = await t.dataSource.query(
      `SELECT coalesce(max(transaction_id) < pg_snapshot_xmin(pg_current_snapshot()), true) AS settled FROM outbox_events`,
    );
    if (settled) return;
    if (Date.now() > deadline) throw new Error('The outbox did not settle: a write transaction on the server stays open');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
