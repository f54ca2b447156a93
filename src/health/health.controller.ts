import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AuthenticationService } from '../auth/authentication.service.js';
import { Public } from '../auth/decorators.js';

/** Liveness and readiness for load balancers and orchestrators: no token, no data. */
@Public()
@Controller()
export class HealthController {
  constructor(private readonly authentication: AuthenticationService) {}

  @Get('health')
  health() {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) response: Response) {
    // Ready means a request would get through: the database answers, and the statement that opens every request runs.
    const ready = await this.authentication.canAuthenticate().catch(() => false);
    if (ready) return { status: 'ready' };
    response.status(503);
    return { status: 'unavailable' };
  }
}
