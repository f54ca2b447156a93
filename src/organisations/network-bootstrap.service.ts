import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { Role } from '../auth/role.js';
import { TokensService } from './tokens.service.js';
import { TenantDatabase } from '../database/tenant-database.js';
import { CreateOrganisationPayload } from './dto/payloads.js';
import { MembersService } from './members.service.js';
import { OrganisationKind } from './organisation-kind.js';
import { OrganisationEntity } from './organisation.entity.js';

export interface NetworkAdministration {
  name: string;
  country: string;
  adminName: string;
  adminEmail: string;
}

export const SECRETARIAT: NetworkAdministration = {
  name: 'RAVOT Network Secretariat',
  country: 'NL',
  adminName: 'Network administrator',
  adminEmail: 'admin@ravot.example',
};

/**
 * The one way in to an empty network: an organisation with a member who is
 * NETWORK_ADMIN and ORG_ADMIN, and that member's first token. It runs as the
 * database owner because no network admin exists yet to pass the policies.
 */
@Injectable()
export class NetworkBootstrapService {
  constructor(
    private readonly tenants: TenantDatabase,
    private readonly audit: AuditService,
    private readonly members: MembersService,
    private readonly tokens: TokensService,
  ) {}

  /** Creates the secretariat only when the network has no organisation at all; null otherwise. */
  async bootstrapIfEmpty(administration = SECRETARIAT): Promise<CreateOrganisationPayload | null> {
    const [{ exists }] = await this.tenants.dataSource.query('SELECT EXISTS (SELECT 1 FROM organisations) AS exists');
    return exists ? null : this.createAdministration(administration);
  }

  createAdministration(administration: NetworkAdministration): Promise<CreateOrganisationPayload> {
    return this.tenants.runAsOwner(async (manager) => {
      const organisations = manager.getRepository(OrganisationEntity);
      const organisation = organisations.create({
        name: administration.name,
        country: administration.country,
        kind: OrganisationKind.COORDINATION_CENTRE,
        languages: ['en'],
        services: [],
        active: true,
        suspendedAt: null,
        suspensionReason: null,
      });
      await organisations.insert(organisation);
      const admin = await this.members.insert(manager, organisation.id, {
        displayName: administration.adminName,
        email: administration.adminEmail,
        roles: [Role.NETWORK_ADMIN, Role.ORG_ADMIN],
      });
      await this.tenants.actFor(manager, organisation.id);
      await manager.query(`SELECT set_config('app.member_id', $1, true)`, [admin.id]);
      await this.audit.record(manager, { action: 'network.bootstrap', entity: 'organisation', entityId: organisation.id });
      const firstAdminToken = await this.tokens.create(manager, admin, 'bootstrap', 90, null);
      return { organisation, firstAdmin: admin, firstAdminToken };
    });
  }

  /** The operator's commands (demo, import) act as the network's first NETWORK_ADMIN: they run on the server itself. */
  async firstNetworkAdmin(): Promise<Actor> {
    const [row] = await this.tenants.dataSource.query(
      `SELECT id, organisation_id, roles FROM members WHERE removed_at IS NULL AND 'NETWORK_ADMIN' = ANY (roles) ORDER BY created_at LIMIT 1`,
    );
    if (!row) throw new Error('The network has no NETWORK_ADMIN yet: run `npm run ravot -- bootstrap` first.');
    return { memberId: row.id, organisationId: row.organisation_id, roles: row.roles, tokenId: '' };
  }
}
