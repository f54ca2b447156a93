import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { Actor, hasRole } from '../auth/actor.js';
import { Role } from '../auth/role.js';
import { TokensService } from './tokens.service.js';
import { PageWindow, toConnection } from '../common/connection.js';
import { conflictOnUniqueViolation } from '../common/database-errors.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../common/errors.js';
import { TenantDatabase } from '../database/tenant-database.js';
import { DEFAULT_TOKEN_DAYS } from './dto/token.inputs.js';
import { OrganisationDirectoryArgs } from './dto/organisation-directory.args.js';
import {
  CreateOrganisationInput,
  ReactivateOrganisationInput,
  SuspendOrganisationInput,
  UpdateOrganisationInput,
} from './dto/organisation.inputs.js';
import { CreateOrganisationPayload } from './dto/payloads.js';
import { MembersService } from './members.service.js';
import { OrganisationEntity } from './organisation.entity.js';

export const ORGANISATION_CONFLICTS = { UQ_organisations_name: 'An organisation with this name already exists.' };

@Injectable()
export class OrganisationsService {
  constructor(
    private readonly tenants: TenantDatabase,
    private readonly audit: AuditService,
    private readonly members: MembersService,
    private readonly tokens: TokensService,
  ) {}

  /** The network-wide directory, by name. Suspended organisations are listed for network admins only. */
  directory(actor: Actor, args: OrganisationDirectoryArgs) {
    if (args.includeSuspended && !hasRole(actor, Role.NETWORK_ADMIN)) {
      throw new ForbiddenError('Only a NETWORK_ADMIN lists suspended organisations.');
    }
    return this.tenants.run(actor, async (manager) => {
      const window = PageWindow.of(args);
      const query = manager
        .getRepository(OrganisationEntity)
        .createQueryBuilder('o')
        .orderBy('o.name', window.order('ASC'))
        .addOrderBy('o.id', window.order('ASC'))
        .limit(window.limit);
      if (!args.includeSuspended) query.andWhere('o.active');
      if (args.country) query.andWhere('o.country = :country', { country: args.country });
      if (args.kind) query.andWhere('o.kind = :kind', { kind: args.kind });
      if (args.service) query.andWhere(':service = ANY (o.services)', { service: args.service });
      const position = window.position(['text', 'uuid']);
      if (position) {
        const [name, id] = position;
        query.andWhere(`(o.name, o.id) ${window.beyond('ASC')} (:name, :id)`, { name, id });
      }
      return toConnection(await query.getMany(), window, (organisation) => [organisation.name, organisation.id]);
    });
  }

  get(actor: Actor, id: string): Promise<OrganisationEntity> {
    return this.tenants.run(actor, (manager) => this.find(manager, id));
  }

  /**
   * A network admin creates an organisation together with its first ORG_ADMIN
   * and that admin's first token, so the new partner can sign in at once.
   */
  create(actor: Actor, input: CreateOrganisationInput): Promise<CreateOrganisationPayload> {
    return this.tenants.run(actor, async (manager) => {
      const repository = manager.getRepository(OrganisationEntity);
      const { firstAdmin, ...fields } = input;
      const organisation = repository.create({ ...fields, active: true, suspendedAt: null, suspensionReason: null });
      await repository.insert(organisation).catch((error) => conflictOnUniqueViolation(error, ORGANISATION_CONFLICTS));
      await this.audit.record(manager, { action: 'organisation.create', entity: 'organisation', entityId: organisation.id });

      // The new organisation's rows are written as that organisation, so its policies admit them.
      await this.tenants.actFor(manager, organisation.id);
      const admin = await this.members.insert(manager, organisation.id, { ...firstAdmin, roles: [Role.ORG_ADMIN] });
      await this.audit.record(manager, { action: 'member.add', entity: 'member', entityId: admin.id });
      const firstAdminToken = await this.tokens.create(manager, admin, 'first token', DEFAULT_TOKEN_DAYS, actor);
      await this.tenants.actFor(manager, actor.organisationId);
      return { organisation, firstAdmin: admin, firstAdminToken };
    });
  }

  /** A network admin updates any organisation; an ORG_ADMIN only their own. */
  update(actor: Actor, input: UpdateOrganisationInput): Promise<OrganisationEntity> {
    if (input.id !== actor.organisationId && !hasRole(actor, Role.NETWORK_ADMIN)) {
      throw new ForbiddenError('You can only update your own organisation.');
    }
    const { id, ...changes } = input;
    return this.change(actor, id, 'organisation.update', () => changes);
  }

  suspend(actor: Actor, input: SuspendOrganisationInput): Promise<OrganisationEntity> {
    if (input.id === actor.organisationId) throw new ConflictError('You cannot suspend your own organisation.');
    return this.change(actor, input.id, 'organisation.suspend', (organisation) => {
      if (!organisation.active) throw new ConflictError('The organisation is already suspended.');
      return { active: false, suspendedAt: new Date(), suspensionReason: input.reason };
    });
  }

  reactivate(actor: Actor, input: ReactivateOrganisationInput): Promise<OrganisationEntity> {
    return this.change(actor, input.id, 'organisation.reactivate', (organisation) => {
      if (organisation.active) throw new ConflictError('The organisation is not suspended.');
      return { active: true, suspendedAt: null, suspensionReason: null };
    });
  }

  private change(
    actor: Actor,
    id: string,
    action: string,
    changesFor: (organisation: OrganisationEntity) => Partial<OrganisationEntity>,
  ): Promise<OrganisationEntity> {
    return this.tenants.run(actor, async (manager) => {
      const organisation = await this.find(manager, id);
      const changes = changesFor(organisation);
      await manager
        .getRepository(OrganisationEntity)
        .update({ id }, changes)
        .catch((error) => conflictOnUniqueViolation(error, ORGANISATION_CONFLICTS));
      await this.audit.record(manager, { action, entity: 'organisation', entityId: id });
      return Object.assign(organisation, changes);
    });
  }

  private async find(manager: EntityManager, id: string): Promise<OrganisationEntity> {
    const organisation = await manager.getRepository(OrganisationEntity).findOneBy({ id });
    if (!organisation) throw new NotFoundError('Organisation');
    return organisation;
  }
}
