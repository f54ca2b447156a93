import { Party, TestApp, unique } from './support/test-app.js';

const CREATE = `mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { organisation { id } } }`;
const DIRECTORY = `query($country: String, $service: ServiceType, $first: Int, $after: String, $includeSuspended: Boolean) {
  organisations(country: $country, service: $service, first: $first, after: $after, includeSuspended: $includeSuspended) {
    edges { cursor node { id name country kind services languages active } } pageInfo { hasNextPage endCursor } } }`;

const newOrganisation = (overrides: Record<string, unknown> = {}) => ({
  name: unique('Partner'),
  country: 'RO',
  kind: 'NGO',
  languages: ['ro'],
  services: ['SHELTER'],
  firstAdmin: { displayName: 'Admin', email: `${unique('admin').replace(' ', '.')}@ro.example` },
  ...overrides,
});

describe('organisations: the directory and its administration', () => {
  let t: TestApp;
  let admin: Party;
  let partner: Party & { name: string };

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.networkAdmin();
    partner = await t.organisation(admin, { country: 'BG', services: ['FAMILY_MEDIATION', 'EDUCATION'] });
  });
  afterAll(() => t.close());

  // Other suites may create organisations on the same server meanwhile: count by name.
  const named = async (name: string) =>
    Number((await t.dataSource.query('SELECT count(*) FROM organisations WHERE name = $1', [name]))[0].count);

  it('shows the directory to every member of the network, whatever their role', async () => {
    const analyst = await t.member(partner, ['ANALYST']);
    const result = await t.gql(analyst.token, DIRECTORY, { country: 'BG', first: 100 });
    const names = result.data.organisations.edges.map((edge: { node: { name: string } }) => edge.node.name);
    expect(names).toContain(partner.name);
    expect(result.data.organisations.edges.every((edge: { node: { country: string } }) => edge.node.country === 'BG')).toBe(true);
  });

  it('filters by the service offered', async () => {
    const result = await t.gql(partner.token, DIRECTORY, { service: 'FAMILY_MEDIATION', first: 100 });
    const nodes = result.data.organisations.edges.map((edge: { node: { services: string[] } }) => edge.node);
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.every((node: { services: string[] }) => node.services.includes('FAMILY_MEDIATION'))).toBe(true);
  });

  it('pages through the directory with opaque cursors, without gaps or repeats', async () => {
    for (let i = 0; i < 3; i++) await t.organisation(admin, { country: 'NG' });
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: any = (await t.gql(partner.token, DIRECTORY, { country: 'NG', first: 2, after })).data.organisations;
      seen.push(...page.edges.map((edge: { node: { id: string } }) => edge.node.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    const all = (await t.gql(partner.token, DIRECTORY, { country: 'NG', first: 100 })).data.organisations.edges;
    expect(seen).toEqual(all.map((edge: { node: { id: string } }) => edge.node.id));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it.each([
    ['a cursor that is not one of ours', { after: 'bm90IGEgY3Vyc29y' }],
    ['a page larger than 100', { first: 101 }],
    ['an empty page', { first: 0 }],
  ])('rejects %s with BAD_USER_INPUT', async (_, variables) => {
    const result = await t.gql(partner.token, DIRECTORY, variables);
    expect(result.errorCodes).toEqual(['BAD_USER_INPUT']);
  });

  it('lets a network admin create an organisation with its first ORG_ADMIN, who can sign in at once', async () => {
    const input = newOrganisation();
    const result = await t.gql(
      admin.token,
      `mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) {
        organisation { id name country kind languages services active } firstAdmin { roles email } firstAdminToken { token } } }`,
      { input },
    );
    const { organisation, firstAdmin, firstAdminToken } = result.data.createOrganisation;
    expect(organisation).toMatchObject({
      name: input.name,
      country: 'RO',
      kind: 'NGO',
      languages: ['ro'],
      services: ['SHELTER'],
      active: true,
    });
    expect(firstAdmin).toEqual({ roles: ['ORG_ADMIN'], email: input.firstAdmin.email });
    const me = await t.gql(firstAdminToken.token, '{ me { organisation { id } } }');
    expect(me.data.me.organisation.id).toBe(organisation.id);
  });

  it('refuses organisation creation to anyone but a network admin, and creates nothing', async () => {
    const input = newOrganisation();
    const result = await t.gql(partner.token, CREATE, { input });
    expect(result.errorCodes).toEqual(['FORBIDDEN']);
    expect(await named(input.name)).toBe(0);
  });

  it('refuses a duplicate name with CONFLICT and creates nothing', async () => {
    const input = newOrganisation({ name: partner.name });
    const result = await t.gql(admin.token, CREATE, { input });
    expect(result.errorCodes).toEqual(['CONFLICT']);
    expect(result.body.errors![0].message).toBe('An organisation with this name already exists.');
    expect(await named(partner.name)).toBe(1);
    const admins = await t.dataSource.query('SELECT id FROM members WHERE email = $1', [input.firstAdmin.email]);
    expect(admins).toEqual([]);
  });

  it('names every invalid field and creates nothing', async () => {
    const input = newOrganisation({ country: 'XX', languages: ['klingon'], firstAdmin: { displayName: 'A', email: 'nope' } });
    const result = await t.gql(admin.token, CREATE, { input });
    expect(result.errorCodes).toEqual(['BAD_USER_INPUT']);
    const problems: { path: (string | number)[]; constraint: string; message: string }[] = result.body.errors![0].extensions!.problems;
    expect(problems.map((problem) => problem.path.join('.'))).toEqual(
      expect.arrayContaining(['input.country', 'input.languages', 'input.firstAdmin.displayName', 'input.firstAdmin.email']),
    );
    // Each problem names the class-validator rule it broke, and a message for people; all of them in one answer.
    expect(problems.find((problem) => problem.path.join('.') === 'input.firstAdmin.email')).toEqual({
      path: ['input', 'firstAdmin', 'email'],
      constraint: 'isEmail',
      message: expect.any(String),
    });
    expect(result.body.errors![0].extensions!.fields).toBeUndefined();
    expect(await named(input.name)).toBe(0);
  });

  it('rejects an unknown enum value before running anything', async () => {
    const result = await t.gql(admin.token, CREATE, { input: newOrganisation({ kind: 'CARTEL' }) });
    expect(result.errorCodes).toEqual(['BAD_USER_INPUT']);
  });

  it('lets an ORG_ADMIN update their own organisation, not another one', async () => {
    const update = `mutation($input: UpdateOrganisationInput!) { updateOrganisation(input: $input) { organisation { services languages } } }`;
    const own = await t.gql(partner.token, update, {
      input: { id: partner.organisationId, services: ['SHELTER'], languages: ['bg', 'en'] },
    });
    expect(own.data.updateOrganisation?.organisation).toEqual({ services: ['SHELTER'], languages: ['bg', 'en'] });

    const other = await t.organisation(admin);
    const foreign = await t.gql(partner.token, update, { input: { id: other.organisationId, name: 'Taken over' } });
    expect(foreign.errorCodes).toEqual(['FORBIDDEN']);
    const after = await t.gql(partner.token, 'query($id: ID!) { organisation(id: $id) { name } }', { id: other.organisationId });
    expect(after.data.organisation.name).toBe(other.name);
  });

  it('does not let a case worker update the organisation', async () => {
    const caseWorker = await t.member(partner, ['CASE_WORKER']);
    const result = await t.gql(
      caseWorker.token,
      `mutation($id: ID!) { updateOrganisation(input: { id: $id, name: "Renamed" }) { organisation { name } } }`,
      {
        id: partner.organisationId,
      },
    );
    expect(result.errorCodes).toEqual(['FORBIDDEN']);
  });

  it('hides suspended organisations from the directory except for network admins', async () => {
    const other = await t.organisation(admin, { country: 'BG' });
    await t.gql(admin.token, 'mutation($id: ID!) { suspendOrganisation(input: { id: $id, reason: "Paused" }) { organisation { id } } }', {
      id: other.organisationId,
    });
    const ids = (result: any) => result.data.organisations.edges.map((edge: { node: { id: string } }) => edge.node.id);

    expect(ids(await t.gql(partner.token, DIRECTORY, { country: 'BG', first: 100 }))).not.toContain(other.organisationId);
    expect((await t.gql(partner.token, DIRECTORY, { includeSuspended: true })).errorCodes).toEqual(['FORBIDDEN']);
    expect(ids(await t.gql(admin.token, DIRECTORY, { country: 'BG', first: 100, includeSuspended: true }))).toContain(other.organisationId);
  });

  it('refuses to suspend your own organisation, or one already suspended', async () => {
    const suspend = 'mutation($id: ID!) { suspendOrganisation(input: { id: $id, reason: "Because" }) { organisation { id } } }';
    expect((await t.gql(admin.token, suspend, { id: admin.organisationId })).errorCodes).toEqual(['CONFLICT']);
    const other = await t.organisation(admin);
    await t.gql(admin.token, suspend, { id: other.organisationId });
    expect((await t.gql(admin.token, suspend, { id: other.organisationId })).errorCodes).toEqual(['CONFLICT']);
  });

  it('answers an unknown id with NOT_FOUND and a malformed one with BAD_USER_INPUT', async () => {
    const query = 'query($id: ID!) { organisation(id: $id) { id } }';
    expect((await t.gql(partner.token, query, { id: '00000000-0000-4000-8000-000000000000' })).errorCodes).toEqual(['NOT_FOUND']);
    expect((await t.gql(partner.token, query, { id: "1' OR '1'='1" })).errorCodes).toEqual(['BAD_USER_INPUT']);
  });
});
