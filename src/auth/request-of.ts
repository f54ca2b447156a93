import { ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Request } from 'express';
import { Actor } from './actor.js';

export interface AuthenticatedRequest extends Request {
  /** The request id (src/logging/request-logging.ts), also in the x-request-id header. */
  id?: string;
  actor?: Actor | null;
  authentication?: Promise<Actor | null>;
}

export function requestOf(context: ExecutionContext): AuthenticatedRequest {
  if (context.getType<string>() === 'graphql') {
    return GqlExecutionContext.create(context).getContext<{ req: AuthenticatedRequest }>().req;
  }
  return context.switchToHttp().getRequest<AuthenticatedRequest>();
}
