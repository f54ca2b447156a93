import { setTimeout as sleep } from 'node:timers/promises';
import { jest } from '@jest/globals';
import { AuthenticationService } from '../src/auth/authentication.service.js';
import { OrganisationShares } from '../src/auth/organisation-shares.js';
import { addressTurn } from '../src/http/organisation-turns.js';
import { Party, TestApp } from './support/test-app.js';

const ME = '{ me { id } }';

/**
 * One organisation's flood holds at most its share of the database: its requests beyond the share wait their turn
 * or are refused with RATE_LIMITED, 429 and Retry-After, while another organisation's requests are answered.
 * (How fast, under load: scenario 5 of `npm run bench`.)
 */
describe("each organisation's share of the database", () => {
  let t: TestApp;
  let flooding: Party;
  let other: Party;

  beforeAll(async () => {
    t = await TestApp.start({ ORGANISATION_CONCURRENCY: '1', RATE_LIMIT_PER_MINUTE: '1000000' });
    const admin = await t.networkAdmin();
    flooding = await t.organisation(admin);
    other = await t.organisation(admin);
    // Both tokens authenticate once, as a client's first request does.
    for (const party of [flooding, other]) expect((await send(party)).status).toBe(200);
  });
  afterAll(async () => {
    await t.close();
    delete process.env.ORGANISATION_CONCURRENCY;
    delete process.env.RATE_LIMIT_PER_MINUTE;
  });

  const send = (party: Party) => t.http.post('/graphql').set('authorization', `Bearer ${party.token}`).send({ query: ME });

  // A token seen before waits before its request is read (organisationTurns); a new one, in the guard once it is known.
  it.each([
    ['a token seen before', async () => flooding],
    ['a token not seen before', () => t.member(flooding, ['CASE_WORKER'])],
  ])(
    "refuses a request beyond the organisation's turns with RATE_LIMITED, 429 and Retry-After, and answers another organisation (%s)",
    async (_, sender) => {
      const party = await sender();
      // The flood, held still: one request running and 64 waiting, as many as the share lets wait.
      const shares = t.app.get(OrganisationShares);
      const running = await shares.take(flooding.organisationId);
      const waiting = Array.from({ length: 64 }, () => shares.take(flooding.organisationId));
      const refused = await send(party);
      expect(refused.status).toBe(429);
      expect(refused.headers['retry-after']).toBe('1');
      expect(refused.body.errors[0]).toMatchObject({
        message: expect.stringMatching(/too many requests running at once .* try again in 1 second/),
        extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 1 },
      });
      expect(refused.body.data).toBeNull();
      expect((await send(other)).body.data.me.id).toBe(other.memberId);
      // A request that finds room waits its turn, and is answered when the turns come back.
      waiting.pop()!.then((giveBack) => giveBack());
      const queued = send(party);
      running();
      for (const turn of waiting) (await turn)();
      expect((await queued).body.data.me.id).toBe(party.memberId);
      expect((await send(party)).body.data.me.id).toBe(party.memberId);
    },
  );

  // A known token waits for its organisation's turn; one not seen before (here made up) for its client address's.
  const ADDRESS = '10.255.255.1';
  it.each([
    ["a known token's request", "its organisation's turn", () => flooding.organisationId, () => flooding.token],
    [
      "a made-up token's request",
      "its address's turn",
      () => addressTurn(ADDRESS),
      () => 'rvt_madeup_000000000000000000000000000000000000000',
    ],
  ])('keeps %s unread until %s, while another organisation is answered', async (_, __, turnOf, token) => {
    const shares = t.app.get(OrganisationShares);
    const running = await shares.take(turnOf());
    let answered = false;
    // Malformed: read and parsed at once, it would be answered 400 at once.
    const malformed = t.http
      .post('/graphql')
      .set('x-forwarded-for', ADDRESS)
      .set('authorization', `Bearer ${token()}`)
      .set('content-type', 'application/json')
      .send('{"query": ')
      .then((response) => ((answered = true), response));
    try {
      await sleep(300);
      expect(answered).toBe(false);
      expect((await send(other)).body.data.me.id).toBe(other.memberId);
    } finally {
      running();
    }
    expect((await malformed).status).toBe(400);
  });

  it('still authenticates a known token in its turn: revoked, it is refused, and its turn is given back', async () => {
    const member = await t.member(flooding, ['CASE_WORKER']);
    const { data } = await t.gql(member.token, '{ me { tokens { id } } }');
    await t.gql(member.token, 'mutation($id: ID!) { revokeToken(input: { tokenId: $id }) { apiToken { id } } }', {
      id: data.me.tokens[0].id,
    });
    const refused = await t.gql(member.token, ME);
    expect(refused.errorCodes).toEqual(['UNAUTHENTICATED']);
    // With one turn, a turn kept by the refused request would hold this one for 10 s and then refuse it.
    expect((await send(flooding).timeout(5_000)).body.data.me.id).toBe(flooding.memberId);
  });

  it('gives the turn back of a request whose client left while it waited', async () => {
    const shares = t.app.get(OrganisationShares);
    const running = await shares.take(flooding.organisationId);
    const abandoned = await send(flooding)
      .timeout(300)
      .catch((error: { timeout?: number }) => error);
    expect(abandoned).toMatchObject({ timeout: 300 });
    await sleep(200); // for the service to see the connection closed
    running();
    // With one turn, a turn kept by the abandoned request would hold this one for 10 s and then refuse it.
    const answer = await send(flooding).timeout(5_000);
    expect(answer.body.data.me.id).toBe(flooding.memberId);
  });

  it('gives the turn back of a request whose client left while it was being authenticated', async () => {
    const authentication = t.app.get(AuthenticationService);
    const authenticate = authentication.authenticate.bind(authentication);
    let clientLeft!: () => void;
    const left = new Promise<void>((resolve) => (clientLeft = resolve));
    jest.spyOn(authentication, 'authenticate').mockImplementationOnce(async (header) => (await left, authenticate(header)));
    const abandoned = await send(flooding)
      .timeout(300)
      .catch((error: { timeout?: number }) => error);
    expect(abandoned).toMatchObject({ timeout: 300 });
    await sleep(200);
    clientLeft();
    const answer = await send(flooding).timeout(5_000);
    expect(answer.body.data.me.id).toBe(flooding.memberId);
  });

  it('answers a burst of parallel requests from one organisation in turn, none refused', async () => {
    const answers = await Promise.all(Array.from({ length: 40 }, () => send(flooding)));
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
  });
});
