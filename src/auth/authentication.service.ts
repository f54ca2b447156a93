import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { preparedQueryOnPool } from '../database/prepared-query.js';
import { Actor } from './actor.js';
import { hashApiToken, tokenFromAuthorizationHeader } from './api-token.js';
import { Role } from './role.js';
import { VerifiedTokens } from './verified-tokens.js';
import { ConsoleSessions, fromOwnPages, sessionIdOf } from './console-sessions.js';
import type { AuthenticatedRequest } from './request-of.js';

interface TokenRow {
  member_id: string;
  organisation_id: string;
  roles: Role[];
  token_id: string;
}

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
    const row = await this.tokenRow(hashApiToken(token));
    if (!row) {
      this.verified.forget(authorization!);
      return null;
    }
    this.verified.remember(authorization!, row.token_id, row.organisation_id);
    return { memberId: row.member_id, organisationId: row.organisation_id, roles: row.roles, tokenId: row.token_id };
  }

  /**
   * Whether a request could be authenticated now: the look-up every request starts with, on a pooled connection
   * as requests use one, for a hash no token has. A readiness probe that ran only `SELECT 1` answered "ready" while
   * every request failed on this statement.
   */
  async canAuthenticate(): Promise<boolean> {
    return (await this.tokenRow(NO_TOKEN_HASH)) === null;
  }

  private async tokenRow(hash: string): Promise<TokenRow | null> {
    // Prepared: every request runs it.
    const rows = await preparedQueryOnPool<TokenRow>(this.dataSource, 'SELECT * FROM authenticate_api_token($1)', [hash]);
    return rows[0] ?? null;
  }
}
