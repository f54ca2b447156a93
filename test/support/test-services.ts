import { Module, Type } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Role } from '../../src/auth/role.js';
import { Clock } from '../../src/common/clock.js';
import { DOMAIN_MODULES } from '../../src/domain-modules.js';
import { NetworkBootstrapService } from '../../src/organisations/network-bootstrap.service.js';
import { OrganisationKind } from '../../src/organisations/organisation-kind.js';
import { OrganisationsService } from '../../src/organisations/organisations.service.js';
import { RegisterSubjectInput } from '../../src/subjects/dto/subject.inputs.js';
import { SubjectsService } from '../../src/subjects/subjects.service.js';
import { subjectInput } from './referral-fixtures.js';
import { networkAdministration, Party, prepareTestDatabase, removeTestData, unique } from './test-environment.js';

@Module({ imports: DOMAIN_MODULES })
class DomainOnly {}

/**
 * The service's domain modules on a real database, without GraphQL and HTTP: for the suites that test a rule of
 * the database or of a service, where a round trip through the API adds nothing but time. It starts in about half
 * the time a TestApp takes (no schema to build, no HTTP stack to load), and its parties are made by the services the
 * API calls. The paths through the API stay in the TestApp suites.
 */
export class TestServices {
  private constructor(
    private readonly module: TestingModule,
    private readonly dataFolder: string | null,
  ) {}

  static async start(overrides: Record<string, string> = {}, options: { clock?: Clock } = {}): Promise<TestServices> {
    const dataFolder = await prepareTestDatabase(overrides);
    const builder = Test.createTestingModule({ imports: [DomainOnly] });
    if (options.clock) builder.overrideProvider(Clock).useValue(options.clock);
    let module: TestingModule | undefined;
    try {
      module = await builder.compile();
      await module.init();
      return new TestServices(module, dataFolder);
    } catch (error) {
      // A start that fails (a master key refused) is closed as the service closes it, releasing what it opened (as
      // TestApp does): the embedded database's server and the pool's connections kept the test's process alive.
      await module?.close().catch(() => undefined);
      removeTestData(dataFolder);
      throw error;
    }
  }

  get<T>(type: Type<T>): T {
    return this.module.get(type);
  }

  get dataSource(): DataSource {
    return this.module.get(DataSource);
  }

  networkAdmin(): Promise<Party> {
    return networkAdministration(this.get(NetworkBootstrapService));
  }

  /** An organisation created as a network admin creates one, with its first ORG_ADMIN. */
  async organisation(admin: Party, fields: { country?: string } = {}): Promise<Party> {
    const actor = {
      organisationId: admin.organisationId,
      memberId: admin.memberId,
      roles: [Role.NETWORK_ADMIN, Role.ORG_ADMIN],
      tokenId: '',
    };
    const created = await this.get(OrganisationsService).create(actor, {
      name: unique('Partner'),
      country: fields.country ?? 'HU',
      kind: OrganisationKind.NGO,
      services: [],
      languages: ['en'],
      firstAdmin: { displayName: 'First admin', email: `${randomUUID()}@partner.example` },
    });
    return { organisationId: created.organisation.id, memberId: created.firstAdmin.id, token: created.firstAdminToken.token };
  }

  /** A person registered by a case worker of the organisation, with what registerSubject takes. */
  async registerSubject(organisation: Party, familyName?: string): Promise<string> {
    const caseWorker = {
      organisationId: organisation.organisationId,
      memberId: organisation.memberId,
      roles: [Role.CASE_WORKER],
      tokenId: '',
    };
    return (await this.get(SubjectsService).register(caseWorker, subjectInput(familyName) as RegisterSubjectInput)).id;
  }

  async close(): Promise<void> {
    await this.module.close();
    removeTestData(this.dataFolder);
  }
}
