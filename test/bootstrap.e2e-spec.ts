import { TenantDatabase } from '../src/database/tenant-database.js';
import { DEMO_MEETING, DEMO_PRACTICES } from '../src/demo/demo-knowledge.js';
import { DEMO_NETWORK } from '../src/demo/demo-network.js';
import { Credential } from '../src/organisations/credentials.js';
import { NetworkBootstrapService } from '../src/organisations/network-bootstrap.service.js';
import { demoNetwork } from './support/demo-network.js';
import { freshDatabase } from './support/fresh-database.js';
import { TestApp } from './support/test-app.js';

describe('bootstrapping an empty network, and the demo network', () => {
  let t: TestApp;
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let demoCredentials: Credential[] = [];

  beforeAll(async () => {
    database = await freshDatabase();
    t = await TestApp.start(database.overrides);
  });
  afterAll(async () => {
    await t.close();
    await database.drop();
  });

  const demo = () => demoNetwork(t.app).create();

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
    const { credentials } = await demo();
    demoCredentials = credentials;
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

  it('holds the October 2014 expert meeting in the Netherlands, with published practices in English, Dutch and Hungarian', async () => {
    // Read by a case worker of another organisation: the meeting and the published practices are network-wide.
    const reader = demoCredentials.find((c) => c.organisation === 'Sofia Return Support (demo)' && c.roles === 'CASE_WORKER')!;
    const past = await t.gql(
      reader.token,
      `{ meetings(period: PAST, country: "NL") { edges { node { title city startsOn status host { name }
          participants { status organisation { name } }
          practices { edges { node { language status organisation { name } } } } } } } }`,
    );
    const meeting = past.data.meetings.edges.map((edge: any) => edge.node).find((node: any) => node.title === DEMO_MEETING.title);
    expect(meeting).toMatchObject({ startsOn: '2014-10-08', status: 'HELD', host: { name: DEMO_MEETING.host } });
    expect(meeting.participants).toHaveLength(DEMO_MEETING.participants.length);
    const practices = meeting.practices.edges.map((edge: any) => edge.node);
    expect(practices).toHaveLength(DEMO_PRACTICES.length);
    expect(new Set(practices.map((practice: any) => practice.language))).toEqual(new Set(['en', 'nl', 'hu']));
    expect(new Set(practices.map((practice: any) => practice.status))).toEqual(new Set(['PUBLISHED']));
  });

  it('leaves an existing demo network as it is', async () => {
    const count = async () =>
      (await t.dataSource.query('SELECT (SELECT count(*) FROM practices) + (SELECT count(*) FROM expert_meetings) AS n'))[0].n;
    const before = await count();
    expect(await demo()).toEqual({ credentials: [], cases: 0 });
    expect(await count()).toBe(before);
  });
});
