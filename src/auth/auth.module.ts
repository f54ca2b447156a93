import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard.js';
import { AuthenticationService } from './authentication.service.js';
import { VerifiedTokens } from './verified-tokens.js';
import { OrganisationShares } from './organisation-shares.js';

/** Who is asking: every request passes the guard, which this module installs for the whole application. */
@Module({
  providers: [AuthenticationService, VerifiedTokens, OrganisationShares, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthenticationService, VerifiedTokens],
})
export class AuthModule {}
