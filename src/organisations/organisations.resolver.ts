import { idPipe } from '../common/id.pipe.js';
import { Args, ID, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/decorators.js';
import { Role } from '../auth/role.js';
import { Connection } from '../common/connection.js';
import { OrganisationDirectoryArgs } from './dto/organisation-directory.args.js';
import {
  CreateOrganisationInput,
  ReactivateOrganisationInput,
  SuspendOrganisationInput,
  UpdateOrganisationInput,
} from './dto/organisation.inputs.js';
import { CreateOrganisationPayload } from './dto/payloads.js';
import { OrganisationEntity } from './organisation.entity.js';
import { OrganisationsService } from './organisations.service.js';
import { ReactivateOrganisationPayload, SuspendOrganisationPayload, UpdateOrganisationPayload } from './dto/payloads.js';

@ObjectType()
export class OrganisationConnection extends Connection(OrganisationEntity, 'Organisation') {}

@Resolver(() => OrganisationEntity)
export class OrganisationsResolver {
  constructor(private readonly service: OrganisationsService) {}

  @Query(() => OrganisationConnection, { description: 'The directory of partner organisations' })
  organisations(@CurrentActor() actor: Actor, @Args() args: OrganisationDirectoryArgs) {
    return this.service.directory(actor, args);
  }

  @Query(() => OrganisationEntity)
  organisation(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }, idPipe('id', 'an organisation id')) id: string) {
    return this.service.get(actor, id);
  }

  @Roles(Role.NETWORK_ADMIN)
  @Mutation(() => CreateOrganisationPayload)
  createOrganisation(@CurrentActor() actor: Actor, @Args('input') input: CreateOrganisationInput) {
    return this.service.create(actor, input);
  }

  @Roles(Role.NETWORK_ADMIN, Role.ORG_ADMIN)
  @Mutation(() => UpdateOrganisationPayload)
  async updateOrganisation(@CurrentActor() actor: Actor, @Args('input') input: UpdateOrganisationInput) {
    return { organisation: await this.service.update(actor, input) };
  }

  @Roles(Role.NETWORK_ADMIN)
  @Mutation(() => SuspendOrganisationPayload, { description: "Suspends an organisation: its members' tokens stop working at once" })
  async suspendOrganisation(@CurrentActor() actor: Actor, @Args('input') input: SuspendOrganisationInput) {
    return { organisation: await this.service.suspend(actor, input) };
  }

  @Roles(Role.NETWORK_ADMIN)
  @Mutation(() => ReactivateOrganisationPayload)
  async reactivateOrganisation(@CurrentActor() actor: Actor, @Args('input') input: ReactivateOrganisationInput) {
    return { organisation: await this.service.reactivate(actor, input) };
  }
}
