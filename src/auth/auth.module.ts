import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard.js';
import { AuthenticationService } from './authentication.service.js';
import { TokensResolver } from './tokens.resolver.js';
import { TokensService } from './tokens.service.js';

@Module({
  providers: [AuthenticationService, TokensService, TokensResolver, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthenticationService, TokensService],
})
export class AuthModule {}
