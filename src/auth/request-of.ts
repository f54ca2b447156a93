import { ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { IdentifiedRequest } from '../logging/request-logging.js';
import { Actor } from './actor.js';

export interface AuthenticatedRequest extends IdentifiedRequest {
  actor?: Actor | null;
  authentication?: Promise<Actor | null>;
  /** The operation's estimated cost (cost-limits.ts), charged to the budgets once the actor is known. */
  operationCost?: number;
  /** The organisation whose turn the request took before it was read (organisationTurns). */
  turnOf?: string;
}

export function requestOf(context: ExecutionContext): AuthenticatedRequest {
  if (context.getType<string>() === 'graphql') {
    return GqlExecutionContext.create(context).getContext<{ req: AuthenticatedRequest }>().req;
  }
  return context.switchToHttp().getRequest<AuthenticatedRequest>();
}
