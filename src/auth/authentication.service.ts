import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { preparedQueryOnPool } from '../database/prepared-query.js';
import { checkCredentialAlong, type TokenHolder } from '../database/request-transaction.js';
import { Actor } from './actor.js';
import { CredentialCheck } from './credential-check.js';
import { hashApiToken, tokenFromAuthorizationHeader } from './api-token.js';
import { Role } from './role.js';
import { VerifiedTokens } from './verified-tokens.js';
import { ConsoleSessions, fromOwnPages, sessionIdOf } from './console-sessions.js';
import type { AuthenticatedRequest } from './request-of.js';

const actorOf = (holder: TokenHolder): Actor => ({
  memberId: holder.member_id,
  organisationId: holder.organisation_id,
  roles: holder.roles as Role[],
  tokenId: holder.token_id,
});

/** Not a SHA-256 of anything a token could be: hex digits only, and no token's hash is all zeros. */
const NO_TOKEN_HASH = '0'.repeat(64);

@Injectable()
export class AuthenticationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly verified: VerifiedTokens,
    private readonly sessions: ConsoleSessions,
  ) {}

  /**
   * The actor behind a request: its Authorization header when it has one, else the console session its cookie names,
   * for a request from the service's own pages only (a cookie alone must not let another site act for a member).
   */
  async authenticateRequest(request: AuthenticatedRequest): Promise<Actor | null> {
    const authorization = request.headers.authorization;
    if (authorization !== undefined) return this.authenticate(authorization);
    const sessionId = sessionIdOf(request);
    return sessionId && fromOwnPages(request) ? this.sessions.authenticate(sessionId) : null;
  }

  /**
   * The actor behind an Authorization header, or null. A revoked or expired
   * token, a removed member and a suspended organisation all fail here, on
   * every request, so suspension takes effect at once.
   */
  async authenticate(authorization: string | undefined): Promise<Actor | null> {
    const token = tokenFromAuthorizationHeader(authorization);
    if (!token) return null;
    const holder = await this.tokenRow(hashApiToken(token));
    this.note(authorization!, holder);
    return holder ? actorOf(holder) : null;
  }

  /**
   * For a query whose first database work is one read (CheckedAlongItsRead): the actor its Authorization header stood
   * for when it last authenticated, to act as at once, its token checked along with that read (CredentialCheck).
   * Null for a header not remembered, which authenticate() looks up first, as for any other operation.
   */
  actAsRemembered(request: AuthenticatedRequest, needs: Role[] | undefined): Actor | null {
    const authorization = request.headers.authorization;
    const token = tokenFromAuthorizationHeader(authorization);
    const remembered = token ? this.verified.of(authorization!) : undefined;
    if (!remembered) return null;
    const actor: Actor = { ...remembered, roles: [...remembered.roles] };
    const lookUp = async (hash: string) => (await this.tokenRow(hash)) ?? undefined;
    checkCredentialAlong(new CredentialCheck(hashApiToken(token!), actor, needs, lookUp, (holder) => this.note(authorization!, holder)));
    return actor;
  }

  /** Remembers what a header authenticated as, or forgets it when it no longer authenticates. */
  private note(authorization: string, holder: TokenHolder | null | undefined): void {
    if (holder) this.verified.remember(authorization, actorOf(holder));
    else this.verified.forget(authorization);
  }

  /**
   * Whether a request could be authenticated now: the look-up every request starts with, on a pooled connection
   * as requests use one, for a hash no token has. A readiness probe that ran only `SELECT 1` answered "ready" while
   * every request failed on this statement.
   */
  async canAuthenticate(): Promise<boolean> {
    return (await this.tokenRow(NO_TOKEN_HASH)) === null;
  }

  private async tokenRow(hash: string): Promise<TokenHolder | null> {
    // Prepared: every request runs it.
    const rows = await preparedQueryOnPool<TokenHolder>(this.dataSource, 'SELECT * FROM authenticate_api_token($1)', [hash]);
    return rows[0] ?? null;
  }
}
