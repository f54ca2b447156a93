import { setTimeout as sleep } from 'node:timers/promises';
import { ServiceProcess } from './support/service-process.js';
import { freePort } from './support/free-port.js';
import { answeredMe, answersOnlyAfterItsToken, body, ME, serviceHarness } from './support/service-scenarios.js';
import { ON_EMBEDDED } from './support/test-environment.js';

/**
 * The built service left alone, as a small installation is most of the day. Both services start together and idle
 * side by side, so the suite waits for the longer idle time once.
 */
describe(`the built service left idle, on ${ON_EMBEDDED ? 'the embedded database' : 'PostgreSQL'}`, () => {
  const services = serviceHarness();
  let firstStart: ServiceProcess;
  let defaults: ServiceProcess;
  let defaultsLastAsked: number;

  beforeAll(async () => {
    // The first start makes its own cluster, so it need not wait for the copy the other one starts from.
    [firstStart, defaults] = await Promise.all([
      services
        .database({ firstStart: true })
        .then(async ({ env }) => services.launch({ ...env, DATABASE_IDLE_TIMEOUT_MS: '300' }, await freePort())),
      services.database().then(({ env }) => services.start(env)),
    ]);
    expect(answeredMe(await defaults.gql(defaults.token!, ME))).toBe(true);
    defaultsLastAsked = Date.now();
  }, 120_000);

  // Its whole first start (a new cluster, every migration) falls in this test: 8 s on an idle machine, several times
  // that beside another suite's services on two busy cores.
  it("prints its first administrator's token before it answers anything", async () => {
    await answersOnlyAfterItsToken(firstStart);
  }, 150_000);

  it('answers after idle time longer than the pool keeps a connection, again and again, from its first start', async () => {
    const token = firstStart.token!;
    expect(answeredMe(await firstStart.gql(token, ME))).toBe(true);
    for (let round = 0; round < 3; round++) {
      await sleep(1_000);
      const answer = await firstStart.gql(token, ME);
      expect({ round, status: answer.status, body: answer.body }).toMatchObject({ round, status: 200, body: { data: { me: {} } } });
      expect(await firstStart.ready()).toBe(200);
    }
  });

  it('answers after 11 s without a request with the default settings (pg closes idle connections after 10 s)', async () => {
    await sleep(Math.max(0, defaultsLastAsked + 11_000 - Date.now()));
    expect(body(await defaults.gql(defaults.token!, ME))).toMatchObject({ data: { me: {} } });
    expect(await defaults.ready()).toBe(200);
  });
});
