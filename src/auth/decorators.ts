import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { Actor } from './actor.js';
import { requestOf } from './request-of.js';
import { Role } from './role.js';

export const PUBLIC_KEY = 'ravot:public';
export const ROLES_KEY = 'ravot:roles';
export const CHECKED_ALONG_KEY = 'ravot:checked-along';

/** No token needed (health checks). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The operation needs at least one of these roles. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/**
 * A query whose first database work is one TenantDatabase.read: asked alone in its request, with a token that
 * authenticated before, it acts at once and its token is checked in that read's round trip (CredentialCheck).
 */
export const CheckedAlongItsRead = () => SetMetadata(CHECKED_ALONG_KEY, true);

export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const actor = requestOf(context).actor;
  if (!actor) throw new Error('CurrentActor used on an operation without authentication');
  return actor;
});
