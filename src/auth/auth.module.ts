import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard.js';
import { AuthenticationService } from './authentication.service.js';

/** Who is asking: every request passes the guard, which this module installs for the whole application. */
@Module({
  providers: [AuthenticationService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthenticationService],
})
export class AuthModule {}
