import { Role } from '../auth/role.js';
import { NodeType, ofActingOrganisation } from '../graphql/node.js';
import { SubjectAccessEventEntity } from '../personal-data/subject-access-event.entity.js';
import { SubjectEntity } from './subject.entity.js';

/**
 * People as subject(id) finds them: the registering organisation's alone (a receiver reads a person only through
 * a referral, whose `subject` field decides what it shows), and the log of who read their data.
 */
export const SUBJECT_NODES: NodeType[] = [
  {
    name: 'Subject',
    table: 'subjects',
    roles: [Role.CASE_WORKER],
    load: (scope, ids) => ofActingOrganisation(scope, scope.byId(SubjectEntity), ids),
  },
  {
    name: 'SubjectAccessEvent',
    table: 'subject_access_events',
    roles: [Role.CASE_WORKER, Role.ORG_ADMIN],
    load: (scope, ids) => ofActingOrganisation(scope, scope.byId(SubjectAccessEventEntity), ids),
  },
];
