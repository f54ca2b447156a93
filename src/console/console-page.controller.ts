import { Controller, Get, NotFoundException, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Public } from '../auth/decorators.js';
import { AppConfig } from '../config/app-config.js';
import { ConsoleFiles, readConsoleFiles } from './console-files.js';

/**
 * The console's page may run its own bundled script and style and talk to this service, nothing else: no inline
 * script or style, no other origin, no frames, no plug-ins, no form posted elsewhere.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const escapeAttribute = (value: string) => value.replace(/[&"<>]/g, (c) => ({ '&': '&amp;', '"': '&quot;', '<': '&lt;', '>': '&gt;' })[c]!);

/** The case workers' console: its page at /console/ (and / leads there), its bundled files under /console/assets/. */
@Public()
@Controller()
export class ConsolePageController {
  private readonly files: ConsoleFiles | null = readConsoleFiles();
  private readonly page: string | null;

  constructor(config: AppConfig) {
    this.page = this.files?.page.replace('__EXIT_URL__', escapeAttribute(config.CONSOLE_EXIT_URL)) ?? null;
  }

  @Get()
  root(@Res() response: Response): void {
    response.redirect(302, '/console/');
  }

  @Get('console')
  consolePage(@Req() request: Request, @Res() response: Response): void {
    // /console and /console/ alike; the page's relative paths need the slash.
    if (!request.path.endsWith('/')) return response.redirect(301, '/console/');
    if (!this.page) {
      response.status(503).type('text/plain').send('The console is not built: run `npm run build`, then start the service again.');
      return;
    }
    // The page itself holds nothing personal, but it must never come from a cache after sign-out: no-store stays.
    response.setHeader('Content-Security-Policy', CONSOLE_CSP);
    response.type('text/html; charset=utf-8').send(this.page);
  }

  @Get('console/assets/:file')
  asset(@Param('file') name: string, @Res() response: Response): void {
    const file = this.files?.assets.get(name);
    if (!file) throw new NotFoundException();
    // Code only, never data, and named by its content's hash: cached for a year.
    response.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    response.type(file.type).send(file.content);
  }
}
