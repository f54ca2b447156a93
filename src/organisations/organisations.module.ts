import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { MembersResolver } from './members.resolver.js';
import { MembersService } from './members.service.js';
import { NetworkBootstrapService } from './network-bootstrap.service.js';
import { OrganisationsResolver } from './organisations.resolver.js';
import { OrganisationsService } from './organisations.service.js';

@Module({
  imports: [AuthModule],
  providers: [MembersService, MembersResolver, OrganisationsService, OrganisationsResolver, NetworkBootstrapService],
  exports: [OrganisationsService, MembersService, NetworkBootstrapService, AuthModule],
})
export class OrganisationsModule {}
