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
