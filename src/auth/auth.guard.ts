import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { Kind } from 'graphql';
import { UnauthenticatedError } from '../common/errors.js';
import { uncheckedCredential } from '../database/request-transaction.js';
import { AuthenticationService } from './authentication.service.js';
import { CHECKED_ALONG_KEY, PUBLIC_KEY, ROLES_KEY } from './decorators.js';
import { requestOf } from './request-of.js';
import type { AuthenticatedRequest } from './request-of.js';
import { type Actor, missingRole } from './actor.js';
import { CostBudgets } from './cost-budgets.js';
import { OrganisationShares } from './organisation-shares.js';
import { Role } from './role.js';

/** Every operation needs a valid token unless marked @Public(); @Roles() narrows it further. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authentication: AuthenticationService,
    private readonly shares: OrganisationShares,
    private readonly budgets: CostBudgets,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const request = requestOf(context);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    // Several root fields of one request share one look-up, and one turn of the organisation's share.
    request.authentication ??= this.authenticateInTurn(request, this.checkedAlong(context, targets) ? { needs: roles } : undefined);
    const actor = await request.authentication;
    request.actor = actor;
    if (!actor) throw new UnauthenticatedError();

    if (missingRole(actor, roles)) {
      // Roles taken on the word of the token's last authentication may be out of date (one just granted, say): the
      // token's check brings them up to date, and refuses if they still do not allow the operation.
      await uncheckedCredential()?.checked();
      const refusal = missingRole(actor, roles);
      if (refusal) throw refusal;
    }
    return true;
  }

  /** Whether the operation's token may be checked along with its first read: a query of this one root field. */
  private checkedAlong(context: ExecutionContext, targets: Parameters<Reflector['getAllAndOverride']>[1]): boolean {
    if (!this.reflector.getAllAndOverride<boolean>(CHECKED_ALONG_KEY, targets)) return false;
    const { operation } = GqlExecutionContext.create(context).getInfo();
    const [only, ...others] = operation.selectionSet.selections;
    return operation.operation === 'query' && others.length === 0 && only.kind === Kind.FIELD;
  }

  /**
   * The actor, once its operation is charged to the cost budgets and its organisation's share has a turn for it (until
   * the answer is out). `along`: the token may be checked along with the operation's first read, which needs `needs`.
   */
  private async authenticateInTurn(request: AuthenticatedRequest, along?: { needs: Role[] | undefined }): Promise<Actor | null> {
    const response = request.res;
    // Watched before anything is awaited: a client may leave at any moment, and a turn taken for a request whose
    // answer has nowhere to go would never be given back.
    const gone = new AbortController();
    // Only a request still waiting for its turn needs to hear that its client left: once it has the turn, the same
    // close gives the turn back. (Aborting at every answer's close cost a DOMException and an event per request.)
    const leave = () => gone.abort();
    if (!response || response.closed || response.destroyed) gone.abort();
    else response.once('close', leave);
    const actor =
      (along && this.authentication.actAsRemembered(request, along.needs)) || (await this.authentication.authenticateRequest(request));
    if (!actor) return null;
    this.budgets.charge(actor, request.operationCost ?? 0);
    // Its turn was taken before it was read (organisationTurns), and is given back when the answer is out.
    if (request.turnOf === actor.organisationId) {
      response!.off('close', leave);
      return actor;
    }
    const giveBack = await this.shares.take(actor.organisationId, gone.signal);
    if (gone.signal.aborted) giveBack();
    else response!.off('close', leave).once('close', giveBack);
    return actor;
  }
}
