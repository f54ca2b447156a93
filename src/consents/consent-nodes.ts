import { Role } from '../auth/role.js';
import { NodeType, ofActingOrganisation } from '../graphql/node.js';
import { ConsentEntity } from './consent.entity.js';

/** Consents as a person's `consents` field lists them: the registering organisation's alone (a receiver sees a ConsentSummary). */
export const CONSENT_NODES: NodeType[] = [
  {
    name: 'Consent',
    table: 'consents',
    roles: [Role.CASE_WORKER],
    load: (scope, ids) => ofActingOrganisation(scope, scope.byId(ConsentEntity), ids),
  },
];
