import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { Actor } from './actor.js';
import { requestOf } from './request-of.js';
import { Role } from './role.js';

export const PUBLIC_KEY = 'ravot:public';
export const ROLES_KEY = 'ravot:roles';

/** No token needed (health checks). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The operation needs at least one of these roles. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const actor = requestOf(context).actor;
  if (!actor) throw new Error('CurrentActor used on an operation without authentication');
  return actor;
});
