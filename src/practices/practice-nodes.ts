import { loadAll, NodeType, withVisibleParents } from '../graphql/node.js';
import type { RequestScope } from '../graphql/request-loaders.js';
import { PracticeCommentEntity } from './practice-comment.entity.js';
import { PracticeRevisionEntity } from './practice-revision.entity.js';
import { PracticeStatus } from './practice-status.js';
import { PracticeEntity } from './practice.entity.js';

/** As practice(id) finds them (PracticesService.findVisible): published ones, and the acting organisation's own. */
async function visiblePractices(scope: RequestScope, ids: readonly string[]): Promise<(PracticeEntity | null)[]> {
  const practices = await loadAll(scope.byId(PracticeEntity), ids);
  return practices.map((practice) =>
    practice && (practice.status === PracticeStatus.PUBLISHED || practice.organisationId === scope.actor.organisationId) ? practice : null,
  );
}

/** Rows that belong to a practice (an earlier text, a comment), where the practice is visible. */
const ofVisiblePractice = (entity: new () => { id: string; practiceId: string }) => async (scope: RequestScope, ids: readonly string[]) =>
  withVisibleParents(
    await loadAll(scope.byId(entity), ids),
    (row) => row.practiceId,
    (practiceIds) => visiblePractices(scope, practiceIds),
  );

/** Practices, and their earlier texts and comments where the practice is visible (its `revisions` and `comments`). */
export const PRACTICE_NODES: NodeType[] = [
  { name: 'Practice', table: 'practices', load: visiblePractices },
  { name: 'PracticeRevision', table: 'practice_revisions', load: ofVisiblePractice(PracticeRevisionEntity) },
  { name: 'PracticeComment', table: 'practice_comments', load: ofVisiblePractice(PracticeCommentEntity) },
];
