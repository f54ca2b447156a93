import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { freshDatabase } from './support/fresh-database.js';
import { PrivatePostgres } from './support/private-postgres.js';
import { ON_EMBEDDED, Party, TestApp } from './support/test-app.js';

const ADD = 'mutation($input: AddMemberInput!) { addMember(input: $input) { member { id email } } }';

/**
 * Real PostgreSQL only: PGlite runs inside the process and has no backends to
 * terminate and no server to restart.
 */
(ON_EMBEDDED ? describe.skip : describe)('database faults', () => {
  /**
   * With writes in flight, every connection of the service is terminated from a
   * second session, twice. Requests caught in it fail with SERVICE_UNAVAILABLE
   * (never an internal error), the service recovers by itself, and every write it
   * acknowledged is in the database afterwards.
   */
  describe('connections terminated', () => {
    let t: TestApp;
    let partner: Party;
    let operator: DataSource;
    // A database of its own: the terminate below picks the service's connections by database, and on the
    // shared one it would also cut those of the suite running in the other worker (and anyone else's).
    let database: Awaited<ReturnType<typeof freshDatabase>>;

    beforeAll(async () => {
      database = await freshDatabase();
      t = await TestApp.start(database.overrides);
      partner = await t.organisation(await t.networkAdmin());
      operator = new DataSource({ type: 'postgres', url: database.overrides.DATABASE_URL });
      await operator.initialize();
    });
    afterAll(async () => {
      await operator?.destroy();
      await t?.close();
      await database?.drop();
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
        if (result.data.addMember?.member) acknowledged.push(result.data.addMember?.member.email);
        codes.push(...result.errorCodes);
      };
      const load = (async () => {
        for (let round = 0; round < 15; round++) await Promise.all([write(), write(), write(), write()]);
      })();
      await sleep(150);
      await terminateServiceConnections();
      await sleep(150);
      await terminateServiceConnections();
      await load;

      const refused = codes.filter((code) => code === 'SERVICE_UNAVAILABLE').length;
      console.info(
        `connections terminated twice: 60 writes sent, ${acknowledged.length} acknowledged, ${refused} refused with SERVICE_UNAVAILABLE`,
      );
      expect(codes.filter((code) => code !== 'SERVICE_UNAVAILABLE')).toEqual([]);
      expect(acknowledged.length).toBeGreaterThan(0);
      const stored = await operator.query('SELECT email FROM members WHERE email = ANY ($1)', [acknowledged]);
      expect(stored).toHaveLength(acknowledged.length);

      // Recovered without a restart.
      expect((await t.gql(partner.token, '{ me { id } }')).data.me.id).toBe(partner.memberId);
      expect((await t.http.get('/ready')).body).toEqual({ status: 'ready' });
    });
  });

  /**
   * The whole server goes down under write load and comes back, twice: once
   * orderly (fast shutdown), once as after a crash (immediate shutdown, WAL
   * replay on start). It runs on a private cluster: restarting the shared
   * server would break every other suite and person using it.
   */
  const noCluster = PrivatePostgres.unavailableReason();
  (noCluster ? describe.skip : describe)(`server restarted${noCluster ? ` (skipped: ${noCluster})` : ''}`, () => {
    let cluster: PrivatePostgres;
    let t: TestApp;
    let partner: Party;
    const logLevel = process.env.LOG_LEVEL;

    beforeAll(async () => {
      cluster = await PrivatePostgres.create();
      // Every refused request is logged as a fault; while the server is down that is dozens of lines of the same thing.
      // Four writers retry every 25 ms while it is down: a slow restart would take them past the request limit of
      // 600 a minute, and RATE_LIMITED is not what this test is about.
      t = await TestApp.start({ DATABASE_URL: cluster.url, LOG_LEVEL: 'fatal', RATE_LIMIT_PER_MINUTE: '1000000' });
      partner = await t.organisation(await t.networkAdmin());
    });
    afterAll(async () => {
      if (logLevel === undefined) delete process.env.LOG_LEVEL;
      else process.env.LOG_LEVEL = logLevel;
      delete process.env.RATE_LIMIT_PER_MINUTE;
      await t?.close();
      await cluster?.destroy();
    });

    it('answers SERVICE_UNAVAILABLE and not-ready while the server is down, recovers by itself, and loses no acknowledged write', async () => {
      const acknowledged: string[] = [];
      const codes: string[] = [];
      let sent = 0;
      let lastAcknowledgedAt = 0;
      let writing = true;
      const write = async (): Promise<boolean> => {
        sent++;
        const email = `${randomUUID()}@restart.example`;
        const result = await t.gql(partner.token, ADD, { input: { displayName: 'Restart test', email, roles: ['ANALYST'] } });
        codes.push(...result.errorCodes);
        if (!result.data.addMember?.member) return false;
        acknowledged.push(result.data.addMember?.member.email);
        lastAcknowledgedAt = Date.now();
        return true;
      };
      // Four clients writing without pause, backing off briefly after a refusal as a well-behaved client would.
      const load = Promise.all(
        [1, 2, 3, 4].map(async () => {
          while (writing) if (!(await write())) await sleep(25);
        }),
      );

      const outages: number[] = [];
      const recoveries: number[] = [];
      try {
        for (const mode of ['fast', 'immediate'] as const) {
          await sleep(200);
          const down = Date.now();
          await cluster.stop(mode);

          // While the server is down the service says so at once, rather than hang or fail obscurely.
          const asked = Date.now();
          const ready = await t.http.get('/ready');
          expect({ status: ready.status, body: ready.body }).toEqual({ status: 503, body: { status: 'unavailable' } });
          expect(Date.now() - asked).toBeLessThan(2_000);
          const me = await t.gql(partner.token, '{ me { id } }');
          expect(me.errorCodes).toEqual(['SERVICE_UNAVAILABLE']);
          expect(me.body.errors![0].message).toBe('The service is briefly unavailable. Please try again.');

          await sleep(300);
          await cluster.start();
          const up = Date.now();
          outages.push(up - down);
          while (lastAcknowledgedAt < up && Date.now() - up < 10_000) await sleep(10);
          expect(lastAcknowledgedAt).toBeGreaterThanOrEqual(up);
          recoveries.push(lastAcknowledgedAt - up);
        }
        await sleep(200);
      } finally {
        // Also when an expectation fails: clients left writing would keep the worker busy for ever.
        writing = false;
        await load;
      }

      const refused = codes.filter((code) => code === 'SERVICE_UNAVAILABLE').length;
      console.info(
        `database restarts (fast, immediate): ${sent} writes sent, ${acknowledged.length} acknowledged, ` +
          `${refused} refused with SERVICE_UNAVAILABLE; server down ${outages.join(' and ')} ms, ` +
          `first acknowledged write ${recoveries.join(' and ')} ms after it was back`,
      );
      expect(codes.filter((code) => code !== 'SERVICE_UNAVAILABLE')).toEqual([]);
      expect(refused).toBeGreaterThan(0);
      const stored = await cluster.query('SELECT email FROM members WHERE email = ANY ($1)', [acknowledged]);
      expect(stored).toHaveLength(acknowledged.length);

      // Recovered without a restart of the service.
      expect((await t.gql(partner.token, '{ me { id } }')).data.me.id).toBe(partner.memberId);
      expect((await t.http.get('/ready')).body).toEqual({ status: 'ready' });
    });
  });
});
