import { Injectable } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { hash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { preparedQueryOnPool } from '../database/prepared-query.js';
import { Actor } from './actor.js';
import { generateApiToken, hashApiToken } from './api-token.js';
import { Role } from './role.js';
import { hashSignInLinkSecret } from './sign-in-link-secret.js';
import { VerifiedTokens } from './verified-tokens.js';

/** The cookie that carries a console session's id (HttpOnly, SameSite=Strict; src/console/session-cookie.ts). */
export const SESSION_COOKIE = 'ravot_session';

const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

/**
 * A session opened with a sign-in link stands for a token made for it at that moment, whose secret nobody ever sees:
 * it lasts a working day at most, whatever the idle time allows, and the member's tokens list it (revoking it ends
 * the session).
 */
export const SIGN_IN_LINK_SESSION_HOURS = 12;

interface StartedSession {
  sessionId: string;
  actor: Actor;
}

interface ActorRow {
  member_id: string;
  organisation_id: string;
  roles: Role[];
  token_id: string;
}

const actorOf = (row: ActorRow | undefined): Actor | null =>
  row ? { memberId: row.member_id, organisationId: row.organisation_id, roles: row.roles, tokenId: row.token_id } : null;

/**
 * Whether a request comes from the service's own pages. A cookie is sent by the browser whoever made the page that
 * asks, so a session counts only for a same-origin request: SameSite=Strict already keeps the cookie off other sites'
 * requests, and this holds where a browser or a sibling subdomain would not (Fetch Metadata and Origin, when sent).
 */
export function fromOwnPages(request: IncomingMessage & { protocol?: string }): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  const host = request.headers.host;
  return origin === `http://${host}` || origin === `https://${host}`;
}

/** The session id in a request's cookies, if it carries a well-formed one. */
export function sessionIdOf(request: IncomingMessage): string | null {
  const header = request.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const [name, value] = part.trim().split('=', 2);
    if (name === SESSION_COOKIE) return value && SESSION_ID.test(value) ? value : null;
  }
  return null;
}

/** The key the rate limit and VerifiedTokens know a session by (never the id itself). */
export const sessionCredential = (sessionId: string): string => `session ${sessionId}`;

/**
 * Console sessions, kept in PostgreSQL (`console_sessions`) by a hash of their id: a session is opened with a
 * member's API token, stands for that token from then on, ends after CONSOLE_SESSION_IDLE_MINUTES without a request,
 * at sign-out, and as soon as the token no longer authenticates (revoked, expired, member removed, organisation
 * suspended). The browser never holds the token.
 */
@Injectable()
export class ConsoleSessions {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly verified: VerifiedTokens,
  ) {}

  /** A new session for a token that authenticates now, or null. */
  start(token: string): Promise<StartedSession | null> {
    return this.open('SELECT * FROM start_console_session($1, $2)', (sessionHash) => [sessionHash, hashApiToken(token)]);
  }

  /**
   * A new session for a one-time sign-in link that works now (unused, unexpired, its member and organisation active),
   * or null. The link is used up in the same statement; of two concurrent redemptions exactly one gets a session.
   */
  startWithLink(secret: string): Promise<StartedSession | null> {
    const token = generateApiToken();
    return this.open('SELECT * FROM redeem_sign_in_link($1, $2, $3, $4, $5)', (sessionHash) => [
      hashSignInLinkSecret(secret),
      sessionHash,
      token.hash,
      token.prefix,
      new Date(Date.now() + SIGN_IN_LINK_SESSION_HOURS * 3_600_000),
    ]);
  }

  /** A new session id, kept as its hash by `statement` (which also checks what opens it), and the session's actor. */
  private async open(statement: string, values: (sessionHash: string) => unknown[]): Promise<StartedSession | null> {
    const sessionId = randomBytes(32).toString('base64url');
    const rows = await preparedQueryOnPool<ActorRow>(this.dataSource, statement, values(hashOf(sessionId)));
    const actor = actorOf(rows[0]);
    return actor ? { sessionId, actor } : null;
  }

  /** The actor of a live session, which this request keeps alive; null for an unknown, idle or orphaned session. */
  async authenticate(sessionId: string): Promise<Actor | null> {
    const rows = await preparedQueryOnPool<ActorRow>(this.dataSource, 'SELECT * FROM authenticate_console_session($1, $2)', [
      hashOf(sessionId),
      this.config.CONSOLE_SESSION_IDLE_MINUTES * 60,
    ]);
    const actor = actorOf(rows[0]);
    if (actor) this.verified.remember(sessionCredential(sessionId), actor);
    else this.verified.forget(sessionCredential(sessionId));
    return actor;
  }

  async end(sessionId: string): Promise<void> {
    this.verified.forget(sessionCredential(sessionId));
    await preparedQueryOnPool(this.dataSource, 'SELECT end_console_session($1)', [hashOf(sessionId)]);
  }
}

const hashOf = (sessionId: string): string => hash('sha256', sessionId, 'hex');
