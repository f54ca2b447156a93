import { Controller, Get, Param, Query } from '@nestjs/common';
import type { Actor } from '../../auth/actor.js';
import { CurrentActor } from '../../auth/decorators.js';
import { HsdsDirectoryService } from './hsds-directory.service.js';
import { pageRequest } from './hsds-page.js';

/**
 * The organisation directory at the paths of the HSDS 3.0 API (openapi.json), read-only. It says nothing about
 * people, but it is the network's map of who helps survivors where, so it takes any valid member token, as the
 * GraphQL directory does, rather than none.
 */
@Controller('hsds')
export class HsdsController {
  constructor(private readonly directory: HsdsDirectoryService) {}

  @Get()
  root() {
    return {
      version: '3.0',
      profile: 'https://specs.openreferral.org/en/latest/',
      openapi_url: 'https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json',
    };
  }

  @Get('organizations')
  organizations(@CurrentActor() actor: Actor, @Query('page') page?: string, @Query('per_page') perPage?: string) {
    return this.directory.organizations(actor, pageRequest(page, perPage));
  }

  @Get('organizations/:id')
  organization(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.directory.organization(actor, id);
  }

  @Get('services')
  services(
    @CurrentActor() actor: Actor,
    @Query('page') page?: string,
    @Query('per_page') perPage?: string,
    @Query('organization_id') organizationId?: string,
  ) {
    return this.directory.services(actor, pageRequest(page, perPage), organizationId);
  }

  @Get('services/:id')
  service(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.directory.service(actor, id);
  }
}
