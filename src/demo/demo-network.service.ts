import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor.js';
import { Role } from '../auth/role.js';
import { TokensService } from '../organisations/tokens.service.js';
import { TenantDatabase } from '../database/tenant-database.js';
import { MeetingsService } from '../meetings/meetings.service.js';
import { Credential, credentialOf } from '../organisations/credentials.js';
import { MembersService } from '../organisations/members.service.js';
import { NetworkBootstrapService } from '../organisations/network-bootstrap.service.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import { PracticesService } from '../practices/practices.service.js';
import { DemoCasesService } from './demo-cases.service.js';
import { createDemoKnowledge } from './demo-knowledge.js';
import { DEMO_NETWORK } from './demo-network.js';

const slug = (text: string) =>
  text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z]+/g, '.')
    .replace(/^\.|\.$/g, '');

/**
 * Fills the database with the demo network through the same services the API
 * uses, so every row is audited and obeys the policies: organisations and
 * members, then the October 2014 expert meeting and a few practices, then
 * the case book's referrals between the organisations. Organisations that
 * already exist, a meeting that is already there and cases played before are
 * left as they are.
 */
@Injectable()
export class DemoNetworkService {
  constructor(
    private readonly tenants: TenantDatabase,
    private readonly bootstrap: NetworkBootstrapService,
    private readonly organisations: OrganisationsService,
    private readonly members: MembersService,
    private readonly tokens: TokensService,
    private readonly meetings: MeetingsService,
    private readonly practices: PracticesService,
    private readonly cases: DemoCasesService,
  ) {}

  /** The credentials of the members it added (their tokens shown this once), and how many cases it played. */
  async create(): Promise<{ credentials: Credential[]; cases: number }> {
    const credentials: Credential[] = [];
    const created = await this.bootstrap.bootstrapIfEmpty();
    if (created) credentials.push(credentialOf(created));
    const admin = await this.bootstrap.firstNetworkAdmin();
    const existing = new Set(
      (await this.tenants.dataSource.query('SELECT name FROM organisations')).map((row: { name: string }) => row.name),
    );

    for (const demo of DEMO_NETWORK.filter((organisation) => !existing.has(organisation.name))) {
      const { members, ...fields } = demo;
      const domain = `${slug(demo.name.replace(' (demo)', ''))}.example`;
      const payload = await this.organisations.create(admin, {
        ...fields,
        firstAdmin: { displayName: `${demo.name.replace(' (demo)', '')} administrator`, email: `admin@${domain}` },
      });
      credentials.push(credentialOf(payload));
      const orgAdmin: Actor = {
        memberId: payload.firstAdmin.id,
        organisationId: payload.organisation.id,
        roles: [Role.ORG_ADMIN],
        tokenId: '',
      };
      for (const member of members) {
        const added = await this.members.add(orgAdmin, { ...member, email: `${slug(member.displayName)}@${domain}` });
        const issued = await this.tokens.issue(orgAdmin, { memberId: added.id, name: 'demo', expiresInDays: 90 });
        credentials.push({ organisation: demo.name, member: added.displayName, roles: added.roles.join(', '), token: issued.token });
      }
    }
    await createDemoKnowledge(this.tenants, this.meetings, this.practices);
    return { credentials, cases: await this.cases.play() };
  }
}
