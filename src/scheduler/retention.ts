/**
 * What the scheduler removes once it is older than the retention (RAVOT_EVENT_RETENTION_DAYS), by the database's
 * clock: events a partner had that long to fetch, and the delivery log of webhooks that are settled. Kept for good:
 * the once-keys of time-based events (else a follow-up overdue for long would be announced again) and whatever is
 * still pending. A cursor into the removed range stays valid: the feed resumes at the next event that is left.
 */
export const RETENTION = [
  `DELETE FROM outbox_events WHERE once_key IS NULL AND occurred_at < now() - make_interval(days => $1)`,
  `DELETE FROM webhook_deliveries WHERE status <> 'PENDING' AND created_at < now() - make_interval(days => $1)`,
];
