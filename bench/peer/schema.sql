-- The peer's own schema: PostGraphile exposes what is in it beside the service's tables, and nothing of the
-- service's schema changes. The computed column is the inbox page's "latest follow-up due on or before today",
-- as the service and the baseline compute it.
CREATE SCHEMA IF NOT EXISTS bench_peer;
CREATE OR REPLACE FUNCTION bench_peer.referrals_latest_follow_up(r public.referrals) RETURNS public.follow_ups
  LANGUAGE sql STABLE AS $$
  SELECT f.* FROM public.follow_ups f WHERE f.referral_id = r.id AND f.due_on <= current_date
  ORDER BY f.due_on DESC, f.sequence DESC LIMIT 1 $$;
GRANT USAGE ON SCHEMA bench_peer TO ravot_app;
GRANT EXECUTE ON FUNCTION bench_peer.referrals_latest_follow_up(public.referrals) TO ravot_app;
