import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard.js';
import { AuthenticationService } from './authentication.service.js';
import { CostBudgets } from './cost-budgets.js';
import { UsageWindows } from './usage-windows.js';
import { VerifiedTokens } from './verified-tokens.js';
import { OrganisationShares } from './organisation-shares.js';
import { ConsoleSessions } from './console-sessions.js';

/** Who is asking: every request passes the guard, which this module installs for the whole application. */
@Module({
  providers: [
    AuthenticationService,
    ConsoleSessions,
    VerifiedTokens,
    UsageWindows,
    CostBudgets,
    OrganisationShares,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthenticationService, ConsoleSessions, VerifiedTokens, UsageWindows, CostBudgets],
})
export class AuthModule {}
