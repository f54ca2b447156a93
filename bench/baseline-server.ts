/**
 * The floor for scenario 1: a bare Node HTTP server that answers the same inbox
 * page (referral, both organisations, the consent and the latest follow-up)
 * with one hand-written SQL query through `pg` and JSON.stringify. No
 * framework, no authentication, no row-level security, no GraphQL.
 *
 *   node dist/bench/baseline-server.js <port> <database url> <receiver organisation id>
 */
import { createServer } from 'node:http';
import pg from 'pg';
import { assertLocal } from './bench-support.js';

const INBOX_SQL = `
SELECT r.id, r.reference, r.status, r.updated_at, r.sender_country,
       json_build_object('id', s.id, 'name', s.name, 'country', s.country) AS sender,
       json_build_object('id', v.id, 'name', v.name, 'country', v.country) AS receiver,
       json_build_object('withdrawnAt', c.withdrawn_at, 'expiresAt', c.expires_at) AS consent,
       (SELECT json_build_object('id', f.id, 'sequence', f.sequence, 'dueOn', f.due_on, 'submittedAt', f.submitted_at)
          FROM follow_ups f WHERE f.referral_id = r.id AND f.due_on <= current_date
          ORDER BY f.due_on DESC, f.sequence DESC LIMIT 1) AS latest_follow_up
FROM referrals r
JOIN organisations s ON s.id = r.sender_organisation_id
JOIN organisations v ON v.id = r.receiver_organisation_id
JOIN consents c ON c.id = r.consent_id
WHERE r.receiver_organisation_id = $1 AND r.status <> 'DRAFT'
ORDER BY r.updated_at DESC, r.id DESC
LIMIT $2`;

const [port, url, receiverId] = process.argv.slice(2);
assertLocal(url);
const pool = new pg.Pool({ connectionString: url, max: 10 });

createServer((request, response) => {
  const first = Math.min(200, Number(new URL(request.url ?? '/', 'http://localhost').searchParams.get('first') ?? 50));
  pool.query(INBOX_SQL, [receiverId, first + 1]).then(
    ({ rows }) => {
      const body = JSON.stringify({
        data: { referrals: { edges: rows.slice(0, first).map((node) => ({ node })), hasNextPage: rows.length > first } },
      });
      response.writeHead(200, { 'content-type': 'application/json' }).end(body);
    },
    () => response.writeHead(500).end(),
  );
}).listen(Number(port), '127.0.0.1', () => console.log(`baseline listening on ${port}`));
