import { Module } from '@nestjs/common';
import { MembersResolver } from './members.resolver.js';
import { MembersService } from './members.service.js';
import { NetworkBootstrapService } from './network-bootstrap.service.js';
import { OrganisationsResolver } from './organisations.resolver.js';
import { OrganisationsService } from './organisations.service.js';
import { SignInLinksResolver } from './sign-in-links.resolver.js';
import { SignInLinksService } from './sign-in-links.service.js';
import { TokensResolver } from './tokens.resolver.js';
import { TokensService } from './tokens.service.js';

/** The partner organisations of the network, their members, and the members' API tokens and one-time console sign-in links. */
@Module({
  providers: [
    MembersService,
    MembersResolver,
    OrganisationsService,
    OrganisationsResolver,
    NetworkBootstrapService,
    TokensService,
    TokensResolver,
    SignInLinksService,
    SignInLinksResolver,
  ],
  exports: [OrganisationsService, MembersService, NetworkBootstrapService, TokensService],
})
export class OrganisationsModule {}
