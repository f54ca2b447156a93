/**
 * The benchmark's third server: PostGraphile 5 (bench/peer/server.mjs, its own package.json and lock file, run on
 * Node 22 or later), on the same database under the same row-level security. This module starts nothing; it says
 * whether the peer is installed, prepares its schema, builds its inbox request and checks that the service, the
 * baseline and the peer answer with the same referrals before anything is measured.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { withDatabase } from './bench-support.js';
import { send, Target } from './load.js';

/** Where CI keeps Node 24 (.ci/run); `--peer-node` names another. */
export const DEFAULT_PEER_NODE = join(homedir(), '.cache', 'ravot-ci', 'node24', 'package', 'bin', 'node');

export const PEER_SCRIPT = join('bench', 'peer', 'server.mjs');

/** Why the peer cannot run here, or null when it can. */
export function peerMissing(node: string): string | null {
  if (!existsSync(node)) return `no Node 22+ at ${node} (--peer-node; see docs/performance.md, the peer)`;
  if (!existsSync(join('bench', 'peer', 'node_modules', 'postgraphile')))
    return 'PostGraphile is not installed: npm run bench:peer-install (see docs/performance.md, the peer)';
  return null;
}

/** The benchmark-only schema with the computed column (bench/peer/schema.sql); the service's schema is untouched. */
export async function preparePeerSchema(databaseUrl: string): Promise<void> {
  await withDatabase(databaseUrl, (db) => db.query(readFileSync(join('bench', 'peer', 'schema.sql'), 'utf8')));
}

/** Scenario 1's page in PostGraphile's words: the receiver's referrals, newest first, with what the service shows. */
const PEER_INBOX = `query($organisation: UUID!, $first: Int!, $after: Cursor) {
  allReferrals(condition: { receiverOrganisationId: $organisation }, orderBy: [UPDATED_AT_DESC, ROW_ID_DESC], first: $first, after: $after) {
    edges { cursor node { rowId reference status updatedAt senderCountry
      organisationBySenderOrganisationId { rowId name country } organisationByReceiverOrganisationId { rowId name country }
      consentByConsentId { withdrawnAt expiresAt }
      latestFollowUp { rowId sequence dueOn submittedAt } } }
    pageInfo { hasNextPage endCursor } } }`;

export function peerInbox(port: number, token: string, organisationId: string, first: number, after?: string): Target {
  return {
    port,
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: PEER_INBOX, variables: { organisation: organisationId, first, after } }),
  };
}

/** The service's inbox page with a cursor, for the check only (scenario 1's query stays the one tests count). */
const SERVICE_INBOX_IDS = `query($first: Int!, $after: String) { referrals(box: INBOX, first: $first, after: $after) {
  edges { node { id } } pageInfo { hasNextPage endCursor } } }`;

async function json(target: Target): Promise<any> {
  const response = await send(target);
  const body = JSON.parse(response.body);
  if (response.status !== 200 || body.errors) throw new Error(`answered ${response.status}: ${response.body.slice(0, 300)}`);
  return body;
}

/**
 * The referral ids of the first `pages` pages of `size` from each server, which must be the same list: the service
 * and the peer page with their cursors, the baseline answers them in one page.
 */
export async function sameReferrals(
  servers: { servicePort: number; baselinePort: number; peerPort: number },
  receiver: { token: string; organisationId: string },
  pages = 4,
  size = 50,
): Promise<string> {
  const service: string[] = [];
  const peer: string[] = [];
  let [serviceAfter, peerAfter]: (string | undefined)[] = [];
  for (let page = 0; page < pages; page++) {
    const ours: any = (
      await json({
        port: servers.servicePort,
        method: 'POST',
        path: '/graphql',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${receiver.token}` },
        body: JSON.stringify({ query: SERVICE_INBOX_IDS, variables: { first: size, after: serviceAfter } }),
      })
    ).data.referrals;
    service.push(...ours.edges.map((edge: any) => edge.node.id));
    serviceAfter = ours.pageInfo.endCursor;
    const theirs: any = (await json(peerInbox(servers.peerPort, receiver.token, receiver.organisationId, size, peerAfter))).data
      .allReferrals;
    peer.push(...theirs.edges.map((edge: any) => edge.node.rowId));
    peerAfter = theirs.pageInfo.endCursor;
  }
  const baseline = (
    await json({ port: servers.baselinePort, method: 'GET', path: `/?first=${pages * size}`, headers: {} })
  ).data.referrals.edges.map((edge: any) => edge.node.id);
  const differs = (other: string[]) => other.length !== service.length || other.some((id, i) => id !== service[i]);
  if (service.length !== pages * size) throw new Error(`the service's inbox has ${service.length} referrals, fewer than ${pages * size}`);
  if (differs(peer)) throw new Error('PostGraphile answers other referrals than the service: the comparison would not be fair');
  if (differs(baseline)) throw new Error('the baseline answers other referrals than the service: the comparison would not be fair');
  return `the three answer the same ${service.length} referrals over ${pages} pages of ${size}`;
}
