import { Role } from '../auth/role.js';
import { NodeType, ofActingOrganisation } from '../graphql/node.js';
import { AuditEventEntity } from './audit-event.entity.js';

/** As auditEvents lists them: an ORG_ADMIN's own organisation's. */
export const AUDIT_NODES: NodeType[] = [
  {
    name: 'AuditEvent',
    table: 'audit_events',
    roles: [Role.ORG_ADMIN],
    load: (scope, ids) => ofActingOrganisation(scope, scope.byId(AuditEventEntity), ids),
  },
];
