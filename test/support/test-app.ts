import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { createHash, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module.js';
import { configureApp } from '../../src/app.setup.js';
import { Clock } from '../../src/common/clock.js';
import { NetworkBootstrapService } from '../../src/organisations/network-bootstrap.service.js';
import { embeddedDataFolder } from './embedded-template.js';

/**
 * The database the suites run against: TEST_DATABASE_URL, else DATABASE_URL,
 * else an embedded PostgreSQL of its own for each TestApp.
 */
// Pinned in the environment on first use: a suite that points DATABASE_URL at a database of its own
// must not change where the next suite in the same worker runs.
process.env.TEST_DATABASE_URL ||= process.env.DATABASE_URL || '';
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;
export const ON_EMBEDDED = TEST_DATABASE_URL === '';

export function useTestEnvironment(overrides: Record<string, string> = {}): void {
  process.env.NODE_ENV = 'test';
  process.env.LOG_LEVEL ??= 'error';
  process.env.RAVOT_AUTO_BOOTSTRAP = 'false';
  if (ON_EMBEDDED) {
    delete process.env.DATABASE_URL;
    process.env.RAVOT_DATA_DIR = 'memory://';
  } else {
    process.env.DATABASE_URL = TEST_DATABASE_URL;
    // The suites share the database, and a database takes one master key (the service checks it at start): one key
    // per test database, the same in every worker and every run against it.
    process.env.RAVOT_MASTER_KEY ??= createHash('sha256').update(`RAVOT test key for ${TEST_DATABASE_URL}`).digest('base64');
  }
  Object.assign(process.env, overrides);
}

export const unique = (label: string) => `${label} ${randomUUID().slice(0, 8)}`;

export interface GraphQLResult {
  status: number;
  body: { data?: Record<string, any> | null; errors?: { message: string; extensions?: Record<string, any>; path?: string[] }[] };
  data: Record<string, any>;
  errorCodes: string[];
}

export interface Party {
  organisationId: string;
  memberId: string;
  token: string;
}

export class TestApp {
  private constructor(
    readonly app: INestApplication,
    private readonly dataFolder: string | null,
  ) {}

  static async start(overrides: Record<string, string> = {}, options: { clock?: Clock } = {}): Promise<TestApp> {
    useTestEnvironment(overrides);
    // In memory, PGlite would run initdb and every migration again; a copy of a migrated cluster opens in a tenth.
    const dataFolder = process.env.RAVOT_DATA_DIR === 'memory://' ? await embeddedDataFolder() : null;
    if (dataFolder) process.env.RAVOT_DATA_DIR = dataFolder;
    const builder = Test.createTestingModule({ imports: [AppModule] });
    if (options.clock) builder.overrideProvider(Clock).useValue(options.clock);
    const app = (await builder.compile()).createNestApplication({ logger: ['error'], bufferLogs: true });
    configureApp(app);
    // A start that fails (a master key refused) is closed as the service closes it, releasing what it opened.
    await app.init().catch(async (error: unknown) => {
      await app.close().catch(() => undefined);
      if (dataFolder) rmSync(dataFolder, { recursive: true, force: true });
      throw error;
    });
    return new TestApp(app, dataFolder);
  }

  get dataSource(): DataSource {
    return this.app.get(DataSource);
  }

  get http() {
    return request(this.app.getHttpServer());
  }

  async gql(token: string | null, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResult> {
    const call = this.http.post('/graphql').set('content-type', 'application/json');
    if (token) call.set('authorization', `Bearer ${token}`);
    const response = await call.send({ query, variables });
    return {
      status: response.status,
      body: response.body,
      data: response.body.data ?? {},
      errorCodes: (response.body.errors ?? []).map((error: { extensions?: { code?: string } }) => error.extensions?.code),
    };
  }

  /** A network administration of its own (an organisation whose first member is NETWORK_ADMIN and ORG_ADMIN). */
  async networkAdmin(): Promise<Party> {
    const created = await this.app.get(NetworkBootstrapService).createAdministration({
      name: unique('Secretariat'),
      country: 'NL',
      adminName: 'Network admin',
      adminEmail: `${randomUUID()}@secretariat.example`,
    });
    return { organisationId: created.organisation.id, memberId: created.firstAdmin.id, token: created.firstAdminToken.token };
  }

  /** An organisation created through the API, with its first ORG_ADMIN. */
  async organisation(
    admin: Party,
    fields: { country?: string; kind?: string; services?: string[]; name?: string } = {},
  ): Promise<Party & { name: string }> {
    const name = fields.name ?? unique('Partner');
    const result = await this.gql(
      admin.token,
      `mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { organisation { id } firstAdmin { id } firstAdminToken { token } } }`,
      {
        input: {
          name,
          country: fields.country ?? 'HU',
          kind: fields.kind ?? 'NGO',
          services: fields.services ?? [],
          languages: ['en'],
          firstAdmin: { displayName: 'First admin', email: `${randomUUID()}@partner.example` },
        },
      },
    );
    const created = result.data.createOrganisation;
    if (!created) throw new Error(`createOrganisation failed: ${JSON.stringify(result.body.errors)}`);
    return { name, organisationId: created.organisation.id, memberId: created.firstAdmin.id, token: created.firstAdminToken.token };
  }

  /** A member with the given roles in the admin's organisation, with a token. */
  async member(orgAdmin: Party, roles: string[]): Promise<Party> {
    const added = await this.gql(orgAdmin.token, `mutation($input: AddMemberInput!) { addMember(input: $input) { id } }`, {
      input: { displayName: 'Case worker', email: `${randomUUID()}@partner.example`, roles },
    });
    const memberId = added.data.addMember?.id;
    if (!memberId) throw new Error(`addMember failed: ${JSON.stringify(added.body.errors)}`);
    const issued = await this.gql(orgAdmin.token, `mutation($input: IssueTokenInput!) { issueToken(input: $input) { token } }`, {
      input: { memberId, name: 'test' },
    });
    return { organisationId: orgAdmin.organisationId, memberId, token: issued.data.issueToken.token };
  }

  async close(): Promise<void> {
    await this.app.close();
    if (this.dataFolder) rmSync(this.dataFolder, { recursive: true, force: true });
  }
}
