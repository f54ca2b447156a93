import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomInt, randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module.js';
import { configureApp } from '../../src/app.setup.js';
import { Clock } from '../../src/common/clock.js';
import { NetworkBootstrapService } from '../../src/organisations/network-bootstrap.service.js';
import { networkAdministration, Party, prepareTestDatabase, removeTestData, unique } from './test-environment.js';

export { ON_EMBEDDED, TEST_DATABASE_URL, unique, useTestEnvironment } from './test-environment.js';
export type { Party } from './test-environment.js';

export interface GraphQLResult {
  status: number;
  body: { data?: Record<string, any> | null; errors?: { message: string; extensions?: Record<string, any>; path?: string[] }[] };
  data: Record<string, any>;
  errorCodes: string[];
}

export class TestApp {
  private constructor(
    readonly app: INestApplication,
    private readonly dataFolder: string | null,
  ) {}

  static async start(overrides: Record<string, string> = {}, options: { clock?: Clock } = {}): Promise<TestApp> {
    const dataFolder = await prepareTestDatabase(overrides);
    const builder = Test.createTestingModule({ imports: [AppModule] });
    if (options.clock) builder.overrideProvider(Clock).useValue(options.clock);
    const app = (await builder.compile()).createNestApplication({ logger: ['error'], bufferLogs: true });
    configureApp(app);
    // A start that fails (a master key refused) is closed as the service closes it, releasing what it opened.
    await app.init().catch(async (error: unknown) => {
      await app.close().catch(() => undefined);
      removeTestData(dataFolder);
      throw error;
    });
    return new TestApp(app, dataFolder);
  }

  get dataSource(): DataSource {
    return this.app.get(DataSource);
  }

  /**
   * Requests as from a client address of this test service's own (the service trusts X-Forwarded-For from loopback).
   * The per-address rate limit is counted in the database, and suites that share a PostgreSQL database would
   * otherwise spend one budget together, as if they were one client.
   */
  get http() {
    const server = request(this.app.getHttpServer());
    const from = <T extends { set(field: string, value: string): T }>(test: T) => test.set('x-forwarded-for', this.clientAddress);
    return {
      get: (url: string) => from(server.get(url)),
      post: (url: string) => from(server.post(url)),
      put: (url: string) => from(server.put(url)),
      patch: (url: string) => from(server.patch(url)),
      delete: (url: string) => from(server.delete(url)),
      head: (url: string) => from(server.head(url)),
      options: (url: string) => from(server.options(url)),
    };
  }

  private readonly clientAddress = `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

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
  networkAdmin(): Promise<Party> {
    return networkAdministration(this.app.get(NetworkBootstrapService));
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
    const added = await this.gql(orgAdmin.token, `mutation($input: AddMemberInput!) { addMember(input: $input) { member { id } } }`, {
      input: { displayName: 'Case worker', email: `${randomUUID()}@partner.example`, roles },
    });
    const memberId = added.data.addMember?.member?.id;
    if (!memberId) throw new Error(`addMember failed: ${JSON.stringify(added.body.errors)}`);
    const issued = await this.gql(orgAdmin.token, `mutation($input: IssueTokenInput!) { issueToken(input: $input) { token } }`, {
      input: { memberId, name: 'test' },
    });
    return { organisationId: orgAdmin.organisationId, memberId, token: issued.data.issueToken.token };
  }

  async close(): Promise<void> {
    await this.app.close();
    removeTestData(this.dataFolder);
  }
}
