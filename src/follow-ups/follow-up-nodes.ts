import { Role } from '../auth/role.js';
import { loadAll, NodeType, withVisibleParents } from '../graphql/node.js';
import type { RequestScope } from '../graphql/request-loaders.js';
import { PersonalDataLoaders } from '../personal-data/personal-data-loaders.js';
import { visibleReferrals } from '../referrals/referral-nodes.js';
import type { FollowUpReportView } from './dto/follow-up.types.js';
import { FollowUpReportEntity } from './follow-up-report.entity.js';
import { FollowUpReportsService } from './follow-up-reports.service.js';
import { FollowUpEntity } from './follow-up.entity.js';

/** As a referral's `followUps` lists them: for both parties of a referral they may see. */
async function visibleFollowUps(scope: RequestScope, ids: readonly string[]): Promise<(FollowUpEntity | null)[]> {
  return withVisibleParents(
    await loadAll(scope.byId(FollowUpEntity), ids),
    (followUp) => followUp.referralId,
    (referralIds) => visibleReferrals(scope, referralIds),
  );
}

/** A report is opened (and its reading logged) only once its follow-up is known to be the reader's; redacted as `reportHistory` is. */
async function visibleReports(scope: RequestScope, ids: readonly string[]): Promise<(FollowUpReportView | null)[]> {
  const rows = await loadAll(scope.byId(FollowUpReportEntity), ids);
  const visible = (
    await withVisibleParents(
      rows,
      (report) => report.followUpId,
      (followUpIds) => visibleFollowUps(scope, followUpIds),
    )
  ).filter((report) => report !== null);
  const views = visible.length
    ? await scope.read((manager) => scope.service(FollowUpReportsService).viewsOf(manager, scope.of(PersonalDataLoaders).session, visible))
    : [];
  return ids.map((id) => views.find((view) => view.id === id) ?? null);
}

/** Follow-ups and their reports: case work, as a referral's fields answer. */
export const FOLLOW_UP_NODES: NodeType[] = [
  { name: 'FollowUp', table: 'follow_ups', roles: [Role.CASE_WORKER], load: visibleFollowUps },
  { name: 'FollowUpReport', table: 'follow_up_reports', roles: [Role.CASE_WORKER], load: visibleReports },
];
