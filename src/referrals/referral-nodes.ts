import { Role } from '../auth/role.js';
import { loadAll, NodeType, withVisibleParents } from '../graphql/node.js';
import type { RequestScope } from '../graphql/request-loaders.js';
import { PersonalDataLoaders } from '../personal-data/personal-data-loaders.js';
import { ReferralEventEntity } from './referral-event.entity.js';
import { ReadableMessage, ReferralMessagesService } from './referral-messages.service.js';
import { ReferralMessageEntity } from './referral-message.entity.js';
import { ReferralEntity } from './referral.entity.js';
import { partyOf } from './referrals.service.js';

/** The referrals as referral(id) finds them: the sender's, and the receiver's once submitted; null for the others. */
export async function visibleReferrals(scope: RequestScope, ids: readonly string[]): Promise<(ReferralEntity | null)[]> {
  const referrals = await loadAll(scope.byId(ReferralEntity), ids);
  return referrals.map((referral) => (referral && partyOf(referral, scope.actor) !== null ? referral : null));
}

/** A message's body is opened (and its reading logged) only once its referral is known to be the reader's. */
async function visibleMessages(scope: RequestScope, ids: readonly string[]): Promise<(ReadableMessage | null)[]> {
  const rows = await loadAll(scope.byId(ReferralMessageEntity), ids);
  const visible = await withVisibleParents(
    rows,
    (message) => message.referralId,
    (referralIds) => visibleReferrals(scope, referralIds),
  );
  const readable = visible.some(Boolean)
    ? await scope.read((manager) =>
        scope.service(ReferralMessagesService).byIds(
          manager,
          scope.of(PersonalDataLoaders).session,
          visible.filter((m) => m !== null).map((m) => m.id),
        ),
      )
    : [];
  return ids.map((id) => readable.find((message) => message.id === id) ?? null);
}

/** Referrals, their history and their threads: case work, as referral(id) and its fields answer. */
export const REFERRAL_NODES: NodeType[] = [
  { name: 'Referral', table: 'referrals', roles: [Role.CASE_WORKER], load: visibleReferrals },
  {
    name: 'ReferralEvent',
    table: 'referral_events',
    roles: [Role.CASE_WORKER],
    load: async (scope, ids) =>
      withVisibleParents(
        await loadAll(scope.byId(ReferralEventEntity), ids),
        (event) => event.referralId,
        (referralIds) => visibleReferrals(scope, referralIds),
      ),
  },
  { name: 'ReferralMessage', table: 'referral_messages', roles: [Role.CASE_WORKER], load: visibleMessages },
];
