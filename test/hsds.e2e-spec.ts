import { randomUUID } from 'node:crypto';
import type { ValidateFunction } from 'ajv';
import { hsdsValidators, schemaErrors } from './support/json-schemas.js';
import { Party, TestApp } from './support/test-app.js';

const hsds = hsdsValidators();

describe('the HSDS 3.0 organisation directory', () => {
  let t: TestApp;
  let shelter: Party;
  let ngo: Party;
  let suspended: Party;
  let analyst: Party;

  beforeAll(async () => {
    t = await TestApp.start();
    const admin = await t.networkAdmin();
    shelter = await t.organisation(admin, { country: 'NL', kind: 'SHELTER', services: ['SHELTER', 'LEGAL'] });
    ngo = await t.organisation(admin, { country: 'HU', kind: 'NGO', services: ['RECEPTION_AT_ARRIVAL'] });
    suspended = await t.organisation(admin, { country: 'BG', services: ['MEDICAL'] });
    const suspension = await t.gql(
      admin.token,
      'mutation($input: SuspendOrganisationInput!) { suspendOrganisation(input: $input) { organisation { active } } }',
      { input: { id: suspended.organisationId, reason: 'Under review' } },
    );
    expect(suspension.errorCodes).toEqual([]);
    analyst = await t.member(ngo, ['ANALYST']);
  });
  afterAll(() => t.close());

  /** GET with a member's token, answered 200 and valid against the schema given. */
  async function valid(path: string, schema: ValidateFunction, token = analyst.token) {
    const response = await t.http.get(path).set('authorization', `Bearer ${token}`);
    expect({ path, status: response.status }).toEqual({ path, status: 200 });
    schema(response.body);
    expect(schemaErrors(schema)).toEqual([]);
    return response.body;
  }

  it('validates with schemas that bite: a service of an unknown status or an id that is no UUID fails', () => {
    expect(hsds.service({ id: randomUUID(), name: 'Shelter', status: 'open' })).toBe(false);
    expect(hsds.organization({ id: 'org-1', name: 'A', description: 'B' })).toBe(false);
    expect(hsds.organization({ id: randomUUID(), name: 'A', description: 'B', locations: [{ id: randomUUID() }] })).toBe(false);
  });

  it('describes itself at the API root', async () => {
    expect(await valid('/hsds', hsds.root)).toMatchObject({ version: '3.0' });
  });

  it('lists the active organisations in pages as HSDS defines them, each once, without the suspended one', async () => {
    const activeCount = async () => (await t.dataSource.query('SELECT count(*)::int AS active FROM organisations WHERE active'))[0].active;
    // Suites running beside this one on the same PostgreSQL add organisations: a walk that saw one added is walked again.
    let walk: { active: number; seen: string[] } | null = null;
    for (let attempt = 0; attempt < 5 && !walk; attempt++) walk = await walkPages(await activeCount(), activeCount);
    const { active, seen } = walk!;
    expect(new Set(seen).size).toBe(active);
    expect(seen).toHaveLength(active);
    expect(seen).toEqual(expect.arrayContaining([shelter.organisationId, ngo.organisationId]));
    expect(seen).not.toContain(suspended.organisationId);

    const beyond = await valid(`/hsds/organizations?page=${Math.ceil(active / 2) + 1}&per_page=2`, hsds.organizationPage);
    expect(beyond).toMatchObject({ size: 0, empty: true, last_page: true, contents: [] });
  });

  /** Every page of 2, checked; null when the number of organisations changed during the walk. */
  async function walkPages(active: number, activeCount: () => Promise<number>) {
    const seen: string[] = [];
    for (let page = 1; ; page++) {
      const body = await valid(`/hsds/organizations?page=${page}&per_page=2`, hsds.organizationPage);
      if (body.total_items !== active) return null;
      expect(Object.keys(body).sort()).toEqual([...hsds.pageFields].sort());
      expect(body).toMatchObject({ total_pages: Math.ceil(active / 2), page_number: page, first_page: page === 1 });
      expect(body.size).toBe(body.contents.length);
      seen.push(...body.contents.map((organization: { id: string }) => organization.id));
      if (body.last_page) break;
      expect(body.size).toBe(2);
    }
    return (await activeCount()) === active ? { active, seen } : null;
  }

  it('shows one organisation with its services, and a location with its country and languages but no address', async () => {
    const organization = await valid(`/hsds/organizations/${shelter.organisationId}`, hsds.organization, shelter.token);
    expect(organization).toMatchObject({ id: shelter.organisationId, description: expect.stringContaining('Netherlands') });
    expect(organization.services.map((service: { name: string }) => service.name).sort()).toEqual(['Legal', 'Shelter']);
    for (const service of organization.services) {
      expect(hsds.serviceSummary(service)).toBe(true);
      expect(service.organization_id).toBe(shelter.organisationId);
    }
    expect(organization.locations).toHaveLength(1);
    expect(organization.locations[0]).toMatchObject({ location_type: 'physical', languages: [{ code: 'en', name: 'English' }] });
    expect(organization.locations[0].addresses).toBeUndefined();
  });

  it('lists services in pages, of one organisation when asked, and shows each with its languages and area', async () => {
    const mine = await valid(`/hsds/services?organization_id=${shelter.organisationId}`, hsds.servicePage);
    expect(mine).toMatchObject({ total_items: 2, total_pages: 1, size: 2, first_page: true, last_page: true, empty: false });
    const all = await valid('/hsds/services?per_page=100', hsds.servicePage);
    const ids = all.contents.map((service: { id: string }) => service.id);
    expect(ids).toEqual(expect.arrayContaining(mine.contents.map((service: { id: string }) => service.id)));
    expect(all.contents.map((service: { organization_id: string }) => service.organization_id)).not.toContain(suspended.organisationId);

    const shelterService = mine.contents.find((service: { name: string }) => service.name === 'Shelter');
    const service = await valid(`/hsds/services/${shelterService.id}`, hsds.service);
    expect(service).toMatchObject({
      id: shelterService.id,
      status: 'active',
      organization: { id: shelter.organisationId },
      languages: [{ code: 'en', service_id: shelterService.id }],
      service_areas: [{ name: 'Netherlands', service_id: shelterService.id }],
    });
    // Ids are stable: the next request names the same service the same way.
    expect((await valid(`/hsds/services?organization_id=${shelter.organisationId}`, hsds.servicePage)).contents).toEqual(mine.contents);
  });

  it('answers 404 NOT_FOUND for an unknown, malformed or suspended id, and 400 for paging out of range', async () => {
    const { contents } = await valid(`/hsds/services?organization_id=${suspended.organisationId}`, hsds.servicePage);
    expect(contents).toEqual([]);
    for (const path of [
      `/hsds/organizations/${randomUUID()}`,
      `/hsds/organizations/${suspended.organisationId}`,
      '/hsds/organizations/not-an-id',
      `/hsds/services/${randomUUID()}`,
      `/hsds/services/${shelter.organisationId}`,
      "/hsds/services/1'%20OR%20'1'='1",
    ]) {
      const response = await t.http.get(path).set('authorization', `Bearer ${analyst.token}`);
      expect({ path, status: response.status, code: response.body.code }).toEqual({ path, status: 404, code: 'NOT_FOUND' });
      expect(response.body.message).toMatch(/was not found/);
    }
    for (const query of ['per_page=0', 'per_page=101', 'page=0', 'page=abc', 'per_page=1.5']) {
      const response = await t.http.get(`/hsds/organizations?${query}`).set('authorization', `Bearer ${analyst.token}`);
      expect({ query, status: response.status, code: response.body.code }).toEqual({ query, status: 400, code: 'BAD_USER_INPUT' });
    }
  });

  it('answers 401 UNAUTHENTICATED without a valid token, on every path', async () => {
    const service = (await valid(`/hsds/services?organization_id=${ngo.organisationId}`, hsds.servicePage)).contents[0];
    for (const path of [
      '/hsds',
      '/hsds/organizations',
      `/hsds/organizations/${ngo.organisationId}`,
      '/hsds/services',
      `/hsds/services/${service.id}`,
    ]) {
      for (const authorization of [undefined, 'Bearer not-a-token']) {
        const call = t.http.get(path);
        const response = await (authorization ? call.set('authorization', authorization) : call);
        expect({ path, status: response.status, code: response.body.code }).toEqual({ path, status: 401, code: 'UNAUTHENTICATED' });
        expect(response.text).not.toContain(ngo.organisationId);
      }
    }
  });
});
