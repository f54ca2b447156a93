import { createPublicKey, verify } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { WebhookDispatcher } from '../src/webhooks/webhook-dispatcher.js';
import { sendWebhook } from '../src/webhooks/webhook-sender.js';
import { ManualClock } from './support/manual-clock.js';
import { CANCEL_INPUT, eventsSettled, PERSONAL_MARKERS } from './support/partner-events.js';
import {
  createDraft,
  draftInput,
  network,
  Network,
  recordConsent,
  registerSubject,
  submittedReferral,
} from './support/referral-fixtures.js';
import { ON_EMBEDDED, Party, TestApp } from './support/test-app.js';
import { WebhookReceiver } from './support/webhook-receiver.js';

const REGISTER = `mutation($input: RegisterWebhookEndpointInput!) { registerWebhookEndpoint(input: $input) {
  endpoint { id url status publicKeys eventTypes } secret } }`;
const ENDPOINTS = '{ webhookEndpoints { edges { node { id status disabledReason disabledAt publicKeys } } } }';
const DELIVERIES = `query($endpointId: ID!) { webhookDeliveries(endpointId: $endpointId, first: 100) { edges { node {
  id eventId eventType status attempts nextAttemptAt deliveredAt log { attemptedAt statusCode error latencyMs } } } } }`;
const REFERRAL_EVENTS = ['REFERRAL_RECEIVED', 'REFERRAL_CANCELLED'];
const ENDPOINT_MOVE = (name: string) => `mutation($id: ID!) { ${name}(input: { id: $id }) { endpoint { id status } } }`;
const WEBHOOK_ENV = {
  RAVOT_WEBHOOK_ALLOW_HTTP: 'true',
  RAVOT_WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1/32',
  RAVOT_WEBHOOK_TIMEOUT_MS: '500',
};

/** The Standard Webhooks v1a signature (Ed25519) of a received message, checked against a whpk_ public key. */
function v1aValid(received: { headers: Record<string, unknown>; body: string }, publicKey: string): boolean {
  const key = createPublicKey({
    key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(publicKey.replace(/^whpk_/, ''), 'base64')]),
    format: 'der',
    type: 'spki',
  });
  const content = Buffer.from(`${received.headers['webhook-id']}.${received.headers['webhook-timestamp']}.${received.body}`);
  return String(received.headers['webhook-signature'])
    .split(' ')
    .filter((signature) => signature.startsWith('v1a,'))
    .some((signature) => verify(null, content, key, Buffer.from(signature.slice(4), 'base64')));
}

describe('webhooks: signed deliveries of the outbox in the Standard Webhooks format', () => {
  const clock = new ManualClock();
  let t: TestApp;
  let n: Network;
  let huAdmin: Party;
  let dispatcher: WebhookDispatcher;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    t = await TestApp.start(WEBHOOK_ENV, { clock });
    n = await network(t);
    huAdmin = n.hu;
    dispatcher = t.app.get(WebhookDispatcher);
    receiver = await WebhookReceiver.start();
  });
  afterAll(async () => {
    await receiver.stop().catch(() => undefined);
    await t.close();
  });

  const given = () => ({ givenAt: new Date(clock.now().getTime() - 60_000).toISOString() });

  /**
   * An endpoint for the referral events of these tests. (Every active organisation hears of a published practice, and
   * suites that share the database publish practices at any time: an endpoint for every type would get those too.)
   */
  async function register(admin: Party, url: string, eventTypes = REFERRAL_EVENTS) {
    const result = await t.gql(admin.token, REGISTER, { input: { url, description: 'Case system', eventTypes } });
    expect(result.errorCodes).toEqual([]);
    return result.data.registerWebhookEndpoint as { endpoint: { id: string; publicKeys: string[] }; secret: string };
  }

  /**
   * Dispatcher rounds once the outbox has settled, until nothing is left that is due now. (The database is shared:
   * other suites' endpoints get their attempts too, so the assertions look at this suite's endpoints only.)
   */
  async function dispatch() {
    await eventsSettled(t);
    for (let round = 0; round < 50 && (await dispatcher.runOnce()) > 0; round++);
  }

  const deliveriesOf = async (admin: Party, endpointId: string) =>
    (await t.gql(admin.token, DELIVERIES, { endpointId })).data.webhookDeliveries.edges.map((edge: { node: any }) => edge.node);

  it('signs each delivery (v1 HMAC verified by the reference library, v1a Ed25519) with a thin payload', async () => {
    const { endpoint, secret } = await register(huAdmin, receiver.url);
    expect(secret).toMatch(/^whsec_/);
    expect(endpoint.publicKeys).toEqual([expect.stringMatching(/^whpk_/)]);
    const { referralId, consentId } = await submittedReferral(t, n, given());
    await dispatch();
    expect(receiver.received).toHaveLength(1);
    const [message] = receiver.received.splice(0);
    const payload = new Webhook(secret).verify(message.body, message.headers as Record<string, string>) as any;
    expect(payload).toMatchObject({
      type: 'REFERRAL_RECEIVED',
      data: { type: 'REFERRAL_RECEIVED', referralId, actorOrganisationId: n.nl.organisationId, consentScope: { consentId } },
    });
    expect(payload.data.id).toBe(message.headers['webhook-id']);
    expect(v1aValid(message as never, endpoint.publicKeys[0])).toBe(true);
    // A tampered body fails both.
    expect(() => new Webhook(secret).verify(`${message.body} `, message.headers as Record<string, string>)).toThrow();
    expect(v1aValid({ ...message, body: `${message.body} ` } as never, endpoint.publicKeys[0])).toBe(false);
    for (const marker of PERSONAL_MARKERS) expect(message.body).not.toContain(marker);
    await dispatch();
    expect(receiver.received).toEqual([]);
    await t.gql(huAdmin.token, ENDPOINT_MOVE('deleteWebhookEndpoint'), { id: endpoint.id });
  });

  it('survives a receiver that is down, then fails, then answers: no event lost, each id delivered once, all in the log', async () => {
    const { endpoint, secret } = await register(huAdmin, receiver.url);
    await receiver.stop();
    for (let i = 0; i < 3; i++) await submittedReferral(t, n, given());
    await dispatch();
    let deliveries = await deliveriesOf(huAdmin, endpoint.id);
    expect(deliveries).toHaveLength(3);
    for (const delivery of deliveries) {
      expect(delivery).toMatchObject({
        status: 'PENDING',
        attempts: 1,
        log: [{ statusCode: null, error: expect.stringContaining('connection failed') }],
      });
      // The first retry comes after 5 s, give or take 20 %.
      const wait = new Date(delivery.nextAttemptAt).getTime() - clock.now().getTime();
      expect(wait).toBeGreaterThanOrEqual(4000);
      expect(wait).toBeLessThanOrEqual(6000);
    }
    await dispatch();
    expect((await deliveriesOf(huAdmin, endpoint.id)).map((delivery: { attempts: number }) => delivery.attempts)).toEqual([1, 1, 1]);

    await receiver.restart();
    receiver.answer = { status: 500 };
    clock.advanceDays(7 / 86_400);
    await dispatch();
    receiver.answer = { status: 204 };
    clock.advanceDays(1 / 24);
    await dispatch();
    deliveries = await deliveriesOf(huAdmin, endpoint.id);
    for (const delivery of deliveries) {
      expect(delivery).toMatchObject({ status: 'DELIVERED', attempts: 3, nextAttemptAt: null });
      expect(delivery.log.map((attempt: { statusCode: number | null }) => attempt.statusCode)).toEqual([null, 500, 204]);
    }
    const eventIds = deliveries.map((delivery: { eventId: string }) => delivery.eventId).sort();
    expect(new Set(eventIds).size).toBe(3);
    const messages = receiver.received.splice(0);
    const idsAnswered = (status: number) =>
      messages
        .filter((m) => m.answered === status)
        .map((m) => m.headers['webhook-id'])
        .sort();
    // Each event once refused and once taken, under the same id: nothing lost, nothing taken twice.
    expect(idsAnswered(500)).toEqual(eventIds);
    expect(idsAnswered(204)).toEqual(eventIds);
    for (const m of messages) new Webhook(secret).verify(m.body, m.headers as Record<string, string>);
    clock.advanceDays(2);
    await dispatch();
    expect(receiver.received).toEqual([]);
    await t.gql(huAdmin.token, ENDPOINT_MOVE('deleteWebhookEndpoint'), { id: endpoint.id });
  });

  it('delivers at least once across a crash: a delivery taken by a replica that died goes out again, with the same webhook-id', async () => {
    const { endpoint } = await register(huAdmin, receiver.url);
    receiver.received.splice(0);
    await submittedReferral(t, n, given());
    await eventsSettled(t);
    // A replica takes its due deliveries (leasing them) and dies before sending anything: its two first steps alone.
    const steps = dispatcher as unknown as { fanOut(): Promise<number>; claimDue(): Promise<{ endpoint_id: string }[]> };
    await steps.fanOut();
    const taken = (await steps.claimDue()).filter((delivery) => delivery.endpoint_id === endpoint.id);
    expect(taken).toHaveLength(1);
    // Until the lease ends (the timeout and a minute), no other replica takes it.
    await dispatch();
    expect(receiver.received).toEqual([]);
    clock.advanceDays(61 / 86_400);
    await dispatch();
    const [delivery] = await deliveriesOf(huAdmin, endpoint.id);
    expect(delivery).toMatchObject({ status: 'DELIVERED', attempts: 2 });
    expect(receiver.received.map((m) => m.headers['webhook-id'])).toEqual([delivery.eventId]);
    receiver.received.splice(0);
    await t.gql(huAdmin.token, ENDPOINT_MOVE('deleteWebhookEndpoint'), { id: endpoint.id });
  });

  it('gives a slow receiver its timeout, honours Retry-After on 429 and 503, and disables the endpoint on 410', async () => {
    const { endpoint } = await register(huAdmin, receiver.url);
    receiver.answer = { status: 200, delayMs: 2000 };
    await submittedReferral(t, n, given());
    await dispatch();
    let [delivery] = await deliveriesOf(huAdmin, endpoint.id);
    expect(delivery.log).toEqual([expect.objectContaining({ statusCode: null, error: 'no answer within 500 ms' })]);
    expect(delivery.log[0].latencyMs).toBeLessThan(1500);

    receiver.answer = { status: 429, headers: { 'retry-after': '600' } };
    clock.advanceDays(1 / 24);
    await dispatch();
    [delivery] = await deliveriesOf(huAdmin, endpoint.id);
    expect(new Date(delivery.nextAttemptAt).getTime() - clock.now().getTime()).toBe(600_000);

    // 503 likewise, with Retry-After as an HTTP date (whole seconds): two hours, where the schedule would wait about 30 minutes.
    receiver.answer = { status: 503, headers: { 'retry-after': new Date(clock.now().getTime() + 3_600_000 + 7_200_000).toUTCString() } };
    clock.advanceDays(1 / 24);
    await dispatch();
    [delivery] = await deliveriesOf(huAdmin, endpoint.id);
    expect(delivery.log.at(-1)).toMatchObject({ statusCode: 503 });
    expect(Math.abs(new Date(delivery.nextAttemptAt).getTime() - clock.now().getTime() - 7_200_000)).toBeLessThanOrEqual(1000);
    clock.advanceDays(1 / 24);
    await dispatch();
    expect((await deliveriesOf(huAdmin, endpoint.id))[0].attempts).toBe(3);

    receiver.answer = { status: 410 };
    clock.advanceDays(2 / 24);
    await dispatch();
    const [listed] = (await t.gql(huAdmin.token, ENDPOINTS)).data.webhookEndpoints.edges.map((edge: { node: unknown }) => edge.node);
    expect(listed).toMatchObject({ id: endpoint.id, status: 'DISABLED', disabledReason: expect.stringContaining('410') });
    [delivery] = await deliveriesOf(huAdmin, endpoint.id);
    expect(delivery.status).toBe('FAILED');
    // Disabled: nothing more goes out until an admin resumes it.
    receiver.answer = { status: 200 };
    receiver.received.splice(0);
    await submittedReferral(t, n, given());
    clock.advanceDays(1);
    await dispatch();
    expect(receiver.received).toEqual([]);
    expect(
      (await t.gql(huAdmin.token, ENDPOINT_MOVE('resumeWebhookEndpoint'), { id: endpoint.id })).data.resumeWebhookEndpoint?.endpoint.status,
    ).toBe('ACTIVE');
    await dispatch();
    expect(receiver.received.map((m) => JSON.parse(m.body).type)).toEqual(['REFERRAL_RECEIVED']);
    receiver.received.splice(0);
    await t.gql(huAdmin.token, ENDPOINT_MOVE('deleteWebhookEndpoint'), { id: endpoint.id });
  });

  it('disables an endpoint that failed every delivery for over a day, with the reason for its admins', async () => {
    const { endpoint } = await register(huAdmin, receiver.url);
    receiver.answer = { status: 500 };
    await submittedReferral(t, n, given());
    for (let attempt = 0; attempt < 8; attempt++) {
      await dispatch();
      clock.advanceDays(0.5);
    }
    const [delivery] = await deliveriesOf(huAdmin, endpoint.id);
    expect(delivery).toMatchObject({ status: 'FAILED', attempts: 8, nextAttemptAt: null });
    const [listed] = (await t.gql(huAdmin.token, ENDPOINTS)).data.webhookEndpoints.edges.map((edge: { node: unknown }) => edge.node);
    expect(listed).toMatchObject({ status: 'DISABLED', disabledReason: 'Every delivery failed for over a day (last attempt: HTTP 500).' });
    // Redelivery by hand, once the receiver is fixed: the same webhook-id again.
    receiver.answer = { status: 200 };
    await t.gql(huAdmin.token, ENDPOINT_MOVE('resumeWebhookEndpoint'), { id: endpoint.id });
    receiver.received.splice(0);
    const redelivered = await t.gql(
      huAdmin.token,
      'mutation($id: ID!) { redeliverWebhook(input: { deliveryId: $id }) { delivery { status attempts } } }',
      {
        id: delivery.id,
      },
    );
    expect(redelivered.data.redeliverWebhook?.delivery).toEqual({ status: 'PENDING', attempts: 0 });
    await dispatch();
    expect(receiver.received.map((m) => m.headers['webhook-id'])).toEqual([delivery.eventId]);
    receiver.received.splice(0);
    await t.gql(huAdmin.token, ENDPOINT_MOVE('deleteWebhookEndpoint'), { id: endpoint.id });
  });

  it('never delivers an event the endpoint’s organisation may not see, and keeps endpoints and logs to their organisation', async () => {
    const hu = await register(huAdmin, receiver.url);
    const bg = await register(n.bg, receiver.url);
    // A draft cancelled before it was submitted: the receiver never heard of it, and its endpoint hears nothing either.
    const subjectId = await registerSubject(t, n.nlWorker);
    const consentId = await recordConsent(t, n.nlWorker, subjectId, { recipientOrganisationIds: [n.hu.organisationId], ...given() });
    const draft = await createDraft(t, n.nlWorker, draftInput(subjectId, consentId, n.hu.organisationId));
    await t.gql(n.nlWorker.token, 'mutation($input: CancelReferralInput!) { cancelReferral(input: $input) { referral { id } } }', {
      input: CANCEL_INPUT(draft),
    });
    await submittedReferral(t, n, given());
    await dispatch();
    expect(await deliveriesOf(n.bg, bg.endpoint.id)).toEqual([]);
    expect((await deliveriesOf(huAdmin, hu.endpoint.id)).map((d: { eventType: string }) => d.eventType)).toEqual(['REFERRAL_RECEIVED']);
    expect(receiver.received.some((m) => m.body.includes(draft.id))).toBe(false);
    // Another organisation's endpoint and log are not found, the same as an unknown id.
    const foreign = await t.gql(n.bg.token, DELIVERIES, { endpointId: hu.endpoint.id });
    expect(foreign.errorCodes).toEqual(['NOT_FOUND']);
    expect((await t.gql(n.bg.token, ENDPOINT_MOVE('pauseWebhookEndpoint'), { id: hu.endpoint.id })).errorCodes).toEqual(['NOT_FOUND']);
    expect((await t.gql(n.huWorker.token, ENDPOINTS)).errorCodes).toEqual(['FORBIDDEN']);
    receiver.received.splice(0);
    for (const [admin, registered] of [
      [huAdmin, hu],
      [n.bg, bg],
    ] as const)
      await t.gql(admin.token, ENDPOINT_MOVE('deleteWebhookEndpoint'), { id: registered.endpoint.id });
  });

  it('holds deliveries while paused and sends the waiting ones on resume; a rotated secret signs next to the old one', async () => {
    const { endpoint, secret } = await register(huAdmin, receiver.url);
    await t.gql(huAdmin.token, ENDPOINT_MOVE('pauseWebhookEndpoint'), { id: endpoint.id });
    await submittedReferral(t, n, given());
    await dispatch();
    expect(receiver.received).toEqual([]);
    const rotated = await t.gql(
      huAdmin.token,
      'mutation($id: ID!) { rotateWebhookSecret(input: { id: $id }) { secret endpoint { publicKeys } } }',
      {
        id: endpoint.id,
      },
    );
    const { secret: newSecret, endpoint: after } = rotated.data.rotateWebhookSecret;
    expect(newSecret).not.toBe(secret);
    expect(after.publicKeys).toHaveLength(2);
    await t.gql(huAdmin.token, ENDPOINT_MOVE('resumeWebhookEndpoint'), { id: endpoint.id });
    await dispatch();
    const [message] = receiver.received.splice(0);
    for (const key of [secret, newSecret]) new Webhook(key).verify(message.body, message.headers as Record<string, string>);
    for (const key of after.publicKeys) expect(v1aValid(message as never, key)).toBe(true);
    // A day later the old secret no longer signs.
    clock.advanceDays(1.1);
    await submittedReferral(t, n, given());
    await dispatch();
    const [later] = receiver.received.splice(0);
    new Webhook(newSecret).verify(later.body, later.headers as Record<string, string>);
    expect(() => new Webhook(secret).verify(later.body, later.headers as Record<string, string>)).toThrow();
    await t.gql(huAdmin.token, ENDPOINT_MOVE('deleteWebhookEndpoint'), { id: endpoint.id });
  });

  it('refuses at connection time a host that resolves to a refused address, before anything is sent', async () => {
    receiver.received.splice(0);
    // A name, not a literal address: only the DNS answer of the connection itself can tell.
    const url = new URL(receiver.url.replace('127.0.0.1', 'localhost'));
    const strict = await sendWebhook(url, {}, '{}', 500, { allowHttp: true, allowedNetworks: [] });
    expect(strict).toMatchObject({ statusCode: null, error: 'refused: the host resolves to a private, loopback or link-local address' });
    expect(receiver.received).toEqual([]);
    // Redirects are answers, never followed.
    receiver.answer = { status: 302, headers: { location: 'http://169.254.169.254/' } };
    const redirected = await sendWebhook(new URL(receiver.url), {}, '{}', 500, { allowHttp: true, allowedNetworks: ['127.0.0.1/32'] });
    expect(redirected.statusCode).toBe(302);
    expect(receiver.received).toHaveLength(1);
    receiver.received.splice(0);
    receiver.answer = { status: 200 };
  });

  it.each([
    ['a link-local address (cloud metadata)', 'https://169.254.169.254/latest/meta-data'],
    ['a private address', 'https://10.20.30.40/hooks'],
    ['an IPv6 loopback', 'https://[::1]:8443/hooks'],
    ['another scheme', 'ftp://partner.example/hooks'],
    ['credentials in the URL', 'https://user:pass@partner.example/hooks'],
    ['no URL at all', 'not a url'],
  ])('refuses %s and registers nothing', async (_, url) => {
    const before = (await t.gql(huAdmin.token, ENDPOINTS)).data.webhookEndpoints.edges.length;
    const result = await t.gql(huAdmin.token, REGISTER, { input: { url } });
    expect(result.errorCodes).toEqual(['BAD_USER_INPUT']);
    expect(result.body.errors![0].message).toMatch(/^(A webhook URL|The webhook URL)/);
    expect((await t.gql(huAdmin.token, ENDPOINTS)).data.webhookEndpoints.edges).toHaveLength(before);
  });
});

// Replicas share a PostgreSQL server; the embedded database belongs to one process. In this file, not one of its
// own: a dispatcher works for every endpoint of the database, and the suites' must not take each other's work.
(ON_EMBEDDED ? describe.skip : describe)('webhooks with two service instances on one database', () => {
  const env = { ...WEBHOOK_ENV, RAVOT_WEBHOOK_TIMEOUT_MS: '2000' };
  let one: TestApp;
  let two: TestApp;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    one = await TestApp.start(env);
    two = await TestApp.start(env);
    receiver = await WebhookReceiver.start();
  });
  afterAll(async () => {
    await receiver.stop();
    await Promise.all([one.close(), two.close()]);
  });

  it('deliver each event once per endpoint, whichever instance takes it', async () => {
    const n = await network(one);
    const registered = await one.gql(n.hu.token, REGISTER, { input: { url: receiver.url, eventTypes: ['REFERRAL_RECEIVED'] } });
    expect(registered.errorCodes).toEqual([]);
    // Writes through both instances.
    for (let i = 0; i < 6; i++) await submittedReferral(i % 2 ? two : one, n);
    await eventsSettled(one);
    // A slow receiver keeps each round busy, so the instances' rounds overlap.
    receiver.answer = { status: 200, delayMs: 50 };
    const [first, second] = [one, two].map((app) => app.app.get(WebhookDispatcher));
    for (let round = 0; round < 10; round++) {
      await Promise.all([first.runOnce(), second.runOnce(), first.runOnce(), second.runOnce()]);
    }
    const ids = receiver.received.map((message) => message.headers['webhook-id']);
    expect(ids).toHaveLength(6);
    expect(new Set(ids).size).toBe(6);
    const attempts = await one.dataSource.query(`SELECT attempts, status FROM webhook_deliveries WHERE endpoint_id = $1`, [
      registered.data.registerWebhookEndpoint.endpoint.id,
    ]);
    expect(attempts).toEqual(Array.from({ length: 6 }, () => ({ attempts: 1, status: 'DELIVERED' })));
  });
});
