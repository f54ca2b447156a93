import { Role } from '../auth/role.js';
import { loadAll, NodeType } from '../graphql/node.js';
import type { RequestScope } from '../graphql/request-loaders.js';
import { SubjectAccessEventEntity } from '../personal-data/subject-access-event.entity.js';
import { SubjectEntity } from './subject.entity.js';

/** Rows of the acting organisation only, as its own lists hold them; null for the others. */
async function ownRows<T extends { organisationId: string }>(
  scope: RequestScope,
  entity: new () => T & { id: string },
  ids: readonly string[],
) {
  const rows = await loadAll(scope.byId(entity), ids);
  return rows.map((row) => (row?.organisationId === scope.actor.organisationId ? row : null));
}

/**
 * People as subject(id) finds them: the registering organisation's alone (a receiver reads a person only through
 * a referral, whose `subject` field decides what it shows), and the log of who read their data.
 */
export const SUBJECT_NODES: NodeType[] = [
  { name: 'Subject', table: 'subjects', roles: [Role.CASE_WORKER], load: (scope, ids) => ownRows(scope, SubjectEntity, ids) },
  {
    name: 'SubjectAccessEvent',
    table: 'subject_access_events',
    roles: [Role.CASE_WORKER, Role.ORG_ADMIN],
    load: (scope, ids) => ownRows(scope, SubjectAccessEventEntity, ids),
  },
];
