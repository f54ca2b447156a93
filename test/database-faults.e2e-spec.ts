import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ON_EMBEDDED, Party, TEST_DATABASE_URL, TestApp } from './support/test-app.js';

const ADD = 'mutation($input: AddMemberInput!) { addMember(input: $input) { id email } }';

/**
 * With writes in flight, every connection of the service is terminated from a
 * second session, twice. Requests caught in it fail with SERVICE_UNAVAILABLE
 * (never an internal error), the service recovers by itself, and every write it
 * acknowledged is in the database afterwards. Real PostgreSQL only: PGlite runs
 * inside the process and has no backends to terminate.
 */
(ON_EMBEDDED ? describe.skip : describe)('database faults', () => {
  let t: TestApp;
  let partner: Party;
  let operator: DataSource;

  beforeAll(async () => {
    t = await TestApp.start();
    partner = await t.organisation(await t.networkAdmin());
    operator = new DataSource({ type: 'postgres', url: TEST_DATABASE_URL });
    await operator.initialize();
  });
  afterAll(async () => {
    await operator.destroy();
    await t.close();
  });

  const terminateServiceConnections = () =>
    operator.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE application_name = 'ravot-referral-service' AND datname = current_database() AND pid <> pg_backend_pid()`,
    );

  it('fails in-flight requests clearly, recovers without a restart, and loses no acknowledged write', async () => {
    const acknowledged: string[] = [];
    const codes: string[] = [];
    const write = async () => {
      const email = `${randomUUID()}@faults.example`;
      const result = await t.gql(partner.token, ADD, { input: { displayName: 'Fault test', email, roles: ['ANALYST'] } });
      if (result.data.addMember) acknowledged.push(result.data.addMember.email);
      codes.push(...result.errorCodes);
    };
    const load = (async () => {
      for (let round = 0; round < 15; round++) await Promise.all([write(), write(), write(), write()]);
    })();
    await new Promise((resolve) => setTimeout(resolve, 150));
    await terminateServiceConnections();
    await new Promise((resolve) => setTimeout(resolve, 150));
    await terminateServiceConnections();
    await load;

    expect(codes.filter((code) => code !== 'SERVICE_UNAVAILABLE')).toEqual([]);
    expect(acknowledged.length).toBeGreaterThan(0);
    const stored = await operator.query('SELECT email FROM members WHERE email = ANY ($1)', [acknowledged]);
    expect(stored).toHaveLength(acknowledged.length);

    // Recovered without a restart.
    expect((await t.gql(partner.token, '{ me { id } }')).data.me.id).toBe(partner.memberId);
    expect((await t.http.get('/ready')).body).toEqual({ status: 'ready' });
  });
});
