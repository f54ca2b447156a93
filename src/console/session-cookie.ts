import type { Request, Response } from 'express';
import { SESSION_COOKIE } from '../auth/console-sessions.js';

/**
 * The session cookie: script cannot read it (HttpOnly), no other site's page or link sends it (SameSite=Strict), and
 * over HTTPS (directly or behind a proxy on this machine, see `trust proxy`) it never travels in clear (Secure). No
 * Max-Age: it ends with the browser, and the server ends it earlier after the idle time.
 */
export function setSessionCookie(request: Request, response: Response, sessionId: string): void {
  response.setHeader('Set-Cookie', `${SESSION_COOKIE}=${sessionId}; Path=/; HttpOnly; SameSite=Strict${request.secure ? '; Secure' : ''}`);
}

/** Removes the cookie, and asks the browser to drop everything this site left in it (Clear-Site-Data). */
export function clearSession(request: Request, response: Response): void {
  response.setHeader('Set-Cookie', `${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict${request.secure ? '; Secure' : ''}`);
  response.setHeader('Clear-Site-Data', '"cache", "cookies", "storage"');
}
