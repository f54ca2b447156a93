import { TokensService } from '../src/auth/tokens.service.js';
import { TenantDatabase } from '../src/database/tenant-database.js';
import { DemoNetworkService } from '../src/demo/demo-network.service.js';
import { DEMO_NETWORK } from '../src/demo/demo-network.js';
import { MembersService } from '../src/organisations/members.service.js';
import { NetworkBootstrapService } from '../src/organisations/network-bootstrap.service.js';
import { OrganisationsService } from '../src/organisations/organisations.service.js';
import { freshDatabase } from './support/fresh-database.js';
import { TestApp } from './support/test-app.js';

describe('bootstrapping an empty network, and the demo network', () => {
  let t: TestApp;
  let database: Awaited<ReturnType<typeof freshDatabase>>;

  beforeAll(async () => {
    database = await freshDatabase();
    t = await TestApp.start(database.overrides);
  });
  afterAll(async () => {
    await t.close();
    await database.drop();
    delete process.env.DATABASE_URL;
  });

  const demo = () =>
    new DemoNetworkService(
      t.app.get(TenantDatabase),
      t.app.get(NetworkBootstrapService),
      t.app.get(OrganisationsService),
      t.app.get(MembersService),
      t.app.get(TokensService),
    ).create();

  it('creates the secretariat and a NETWORK_ADMIN whose token works, once only', async () => {
    const bootstrap = t.app.get(NetworkBootstrapService);
    const created = await bootstrap.bootstrapIfEmpty();
    expect(created).not.toBeNull();
    const me = await t.gql(created!.firstAdminToken.token, '{ me { roles organisation { name kind } } }');
    expect(me.data.me).toEqual({
      roles: ['NETWORK_ADMIN', 'ORG_ADMIN'],
      organisation: { name: 'RAVOT Network Secretariat', kind: 'COORDINATION_CENTRE' },
    });
    expect(await bootstrap.bootstrapIfEmpty()).toBeNull();
    const admins = await t.dataSource.query(`SELECT id FROM members WHERE 'NETWORK_ADMIN' = ANY (roles)`);
    expect(admins).toHaveLength(1);
  });

  it('fills the demo network through the audited services: every organisation, every role, working tokens', async () => {
    const credentials = await demo();
    expect(new Set(credentials.map((c) => c.organisation))).toEqual(new Set(DEMO_NETWORK.map((o) => o.name)));
    const roles = new Set(credentials.flatMap((c) => c.roles.split(', ')));
    expect(roles).toEqual(new Set(['ORG_ADMIN', 'CASE_WORKER', 'ANALYST', 'PRACTICE_EDITOR']));

    const countries = await t.gql(credentials[0].token, '{ organisations(first: 100) { edges { node { country } } } }');
    expect(new Set(countries.data.organisations.edges.map((edge: any) => edge.node.country))).toEqual(
      new Set(['NL', 'HU', 'BE', 'BG', 'RO', 'NG']),
    );
    for (const credential of credentials) expect((await t.gql(credential.token, '{ me { id } }')).errorCodes).toEqual([]);

    const verified = await t.app.get(TenantDatabase).dataSource.query('SELECT * FROM verify_audit_chain()');
    expect(verified[0].problem).toBeNull();
  });

  it('leaves an existing demo network as it is', async () => {
    expect(await demo()).toEqual([]);
  });
});
