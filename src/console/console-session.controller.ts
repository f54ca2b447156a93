import { Body, Controller, Delete, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { tokenFromAuthorizationHeader } from '../auth/api-token.js';
import { ConsoleSessions, fromOwnPages, sessionIdOf } from '../auth/console-sessions.js';
import { Public } from '../auth/decorators.js';
import { isSignInLinkSecret } from '../auth/sign-in-link-secret.js';
import { ForbiddenError, UnauthenticatedError } from '../common/errors.js';
import { clearSession, setSessionCookie } from './session-cookie.js';

export const SESSION_PATH = 'console/session';

/** Signing in to the console with a member's API token or a one-time sign-in link, and out. Everything else the console does is GraphQL. */
@Public()
@Controller(SESSION_PATH)
export class ConsoleSessionController {
  constructor(private readonly sessions: ConsoleSessions) {}

  /**
   * `{"token": "rvt_..."}` or `{"link": "rvl_..."}` (a one-time sign-in link's secret) as JSON: opens a session and
   * sets its cookie; the browser keeps neither the token nor the link.
   */
  @Post()
  @HttpCode(200)
  async signIn(@Req() request: Request, @Res({ passthrough: true }) response: Response, @Body() body: unknown) {
    // JSON only (a form of another site cannot send it without a preflight) and from the console's own page.
    if (!request.is('application/json') || !fromOwnPages(request)) {
      throw new ForbiddenError('Sign in from the console of this service.');
    }
    const { token, link } = typeof body === 'object' && body !== null ? (body as { token?: unknown; link?: unknown }) : {};
    const started = link !== undefined ? await this.startWithLink(link) : await this.startWithToken(token);
    // A browser holds one session: the one it had (another member's, at a shared computer) ends now, not when idle.
    const previous = sessionIdOf(request);
    if (previous) await this.sessions.end(previous);
    setSessionCookie(request, response, started.sessionId);
    return { signedIn: true };
  }

  private async startWithToken(token: unknown) {
    const wellFormed = typeof token === 'string' ? tokenFromAuthorizationHeader(`Bearer ${token.trim()}`) : null;
    const started = wellFormed ? await this.sessions.start(wellFormed) : null;
    if (!started) throw new UnauthenticatedError('This token is not valid: it is unknown, revoked or expired.');
    return started;
  }

  private async startWithLink(link: unknown) {
    const started = isSignInLinkSecret(link) ? await this.sessions.startWithLink(link) : null;
    if (!started) {
      throw new UnauthenticatedError(
        'This sign-in link is not valid: it is unknown, used or expired. Ask your administrator for a new one.',
      );
    }
    return started;
  }

  /** Ends the session (if any) and clears what the site left in the browser. Always succeeds: signing out must. */
  @Delete()
  @HttpCode(204)
  async signOut(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<void> {
    const sessionId = sessionIdOf(request);
    if (sessionId && fromOwnPages(request)) await this.sessions.end(sessionId);
    clearSession(request, response);
  }
}
