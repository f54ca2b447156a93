import { ForbiddenError } from '../common/errors.js';
import { TenantContext } from '../database/tenant-context.js';
import { Role } from './role.js';

/** The authenticated member on whose behalf a request acts. */
export interface Actor extends TenantContext {
  memberId: string;
  organisationId: string;
  roles: Role[];
  tokenId: string;
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return roles.some((role) => actor.roles.includes(role));
}

/** Why the actor may not run an operation that needs one of `roles`, if it may not. */
export function missingRole(actor: Actor, roles: Role[] | undefined): ForbiddenError | undefined {
  return roles && !hasRole(actor, ...roles) ? new ForbiddenError(`This needs the role ${roles.join(' or ')}.`) : undefined;
}
