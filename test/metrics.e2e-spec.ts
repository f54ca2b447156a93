import { randomBytes, randomInt } from 'node:crypto';
import { OrganisationShares } from '../src/auth/organisation-shares.js';
import { TestApp, unique } from './support/test-app.js';

const METRICS_TOKEN = randomBytes(24).toString('hex');

/** A client address of its own (the service trusts X-Forwarded-For from loopback), so no other suite's requests share its rate limit. */
const anAddress = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

/** One sample of the text format: the series (name and labels, as written) and its value. */
type Samples = Map<string, number>;

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = `${NAME}="(?:[^"\\\\\\n]|\\\\.)*"`;
// prom-client writes NaN as `Nan` (the event loop's mean lag before its first sample); Prometheus reads it alike.
const VALUE = '-?[0-9.e+-]+|NaN|Nan|[+-]Inf';
const SAMPLE = new RegExp(`^(${NAME}(?:\\{${LABEL}(?:,${LABEL})*\\})?) (${VALUE})$`);
const COMMENT = new RegExp(`^# (HELP ${NAME} .*|TYPE ${NAME} (counter|gauge|histogram|summary|untyped))$`);

/** Parses Prometheus' text exposition format strictly: a line that is neither a comment nor a sample fails the test. */
function parseExposition(text: string): Samples {
  const samples: Samples = new Map();
  for (const line of text.split('\n').filter(Boolean)) {
    if (COMMENT.test(line)) continue;
    const sample = SAMPLE.exec(line);
    if (!sample) throw new Error(`not in the Prometheus text format: ${line}`);
    samples.set(sample[1], Number(sample[2]));
  }
  return samples;
}

describe('/metrics', () => {
  describe('without METRICS_TOKEN', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await TestApp.start();
    });
    afterAll(() => t?.close());

    it('does not exist: the same 404 as any unknown path, whatever the credentials', async () => {
      const unknown = await t.http.get('/no-such-path');
      for (const authorization of [undefined, `Bearer ${METRICS_TOKEN}`]) {
        const call = t.http.get('/metrics');
        if (authorization) call.set('authorization', authorization);
        const response = await call;
        expect(response.status).toBe(404);
        expect(response.body).toEqual({ ...unknown.body, message: unknown.body.message.replace('/no-such-path', '/metrics') });
      }
    });
  });

  describe('with METRICS_TOKEN', () => {
    let t: TestApp;
    const scraper = anAddress();

    beforeAll(async () => {
      t = await TestApp.start({ METRICS_TOKEN, RATE_LIMIT_PER_MINUTE: '20' });
    });
    afterAll(async () => {
      await t?.close();
      delete process.env.METRICS_TOKEN;
      delete process.env.RATE_LIMIT_PER_MINUTE;
    });

    const scrape = async () => {
      const response = await t.http.get('/metrics').set('x-forwarded-for', scraper).set('authorization', `Bearer ${METRICS_TOKEN}`);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(response.headers['cache-control']).toBe('no-store');
      return { text: response.text, samples: parseExposition(response.text) };
    };

    const gql = (token: string | null, query: string, variables: Record<string, unknown> = {}) => {
      const call = t.http.post('/graphql').set('x-forwarded-for', anAddress());
      if (token) call.set('authorization', `Bearer ${token}`);
      return call.send({ query, variables });
    };

    /** How much each of the given series moved while `action` ran. */
    const movement = async (series: string[], action: () => Promise<unknown>) => {
      const before = (await scrape()).samples;
      await action();
      const after = (await scrape()).samples;
      return Object.fromEntries(series.map((name) => [name, (after.get(name) ?? NaN) - (before.get(name) ?? 0)]));
    };

    it('refuses a request without the metrics token, with a wrong one, or with a member token, and shows nothing', async () => {
      const admin = await t.networkAdmin();
      for (const authorization of [
        undefined,
        'Bearer not-the-metrics-token',
        `Bearer ${METRICS_TOKEN.slice(0, -1)}`,
        METRICS_TOKEN,
        `Basic ${METRICS_TOKEN}`,
        `Bearer ${admin.token}`,
      ]) {
        const call = t.http.get('/metrics').set('x-forwarded-for', anAddress());
        if (authorization) call.set('authorization', authorization);
        const response = await call;
        expect(response.status).toBe(401);
        expect(response.headers['www-authenticate']).toBe('Bearer realm="metrics"');
        expect(response.text).not.toContain('ravot_');
        expect(response.text).not.toContain(METRICS_TOKEN);
      }
      expect(
        (await t.http.post('/metrics').set('x-forwarded-for', anAddress()).set('authorization', `Bearer ${METRICS_TOKEN}`)).status,
      ).toBe(404);
    });

    it('counts and times a query that succeeds', async () => {
      const admin = await t.networkAdmin();
      const moved = await movement(
        [
          'ravot_graphql_requests_total{operation="query",outcome="ok"}',
          'ravot_graphql_requests_total{operation="query",outcome="error"}',
          'ravot_graphql_request_duration_seconds_count{operation="query"}',
          'ravot_graphql_request_duration_seconds_bucket{le="+Inf",operation="query"}',
        ],
        async () => expect((await gql(admin.token, '{ me { id } }')).body.data.me.id).toBe(admin.memberId),
      );
      expect(moved).toEqual({
        'ravot_graphql_requests_total{operation="query",outcome="ok"}': 1,
        'ravot_graphql_requests_total{operation="query",outcome="error"}': 0,
        'ravot_graphql_request_duration_seconds_count{operation="query"}': 1,
        'ravot_graphql_request_duration_seconds_bucket{le="+Inf",operation="query"}': 1,
      });
    });

    it('counts errors by their code, and unparsable requests as operation "unknown"', async () => {
      const moved = await movement(
        [
          'ravot_graphql_errors_total{code="UNAUTHENTICATED"}',
          'ravot_graphql_errors_total{code="GRAPHQL_PARSE_FAILED"}',
          'ravot_graphql_errors_total{code="INTERNAL_SERVER_ERROR"}',
          'ravot_graphql_requests_total{operation="query",outcome="error"}',
          'ravot_graphql_requests_total{operation="unknown",outcome="error"}',
        ],
        async () => {
          expect((await gql('made-up-token', '{ me { id } }')).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
          expect((await gql(null, '{ me { id }')).body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
        },
      );
      expect(moved).toEqual({
        'ravot_graphql_errors_total{code="UNAUTHENTICATED"}': 1,
        'ravot_graphql_errors_total{code="GRAPHQL_PARSE_FAILED"}': 1,
        'ravot_graphql_errors_total{code="INTERNAL_SERVER_ERROR"}': 0,
        'ravot_graphql_requests_total{operation="query",outcome="error"}': 1,
        'ravot_graphql_requests_total{operation="unknown",outcome="error"}': 1,
      });
    });

    it('counts requests refused with 429 by the per-minute limit', async () => {
      const flooder = anAddress();
      let refused = 0;
      const moved = await movement(['ravot_rate_limited_requests_total{limit="requests_per_minute"}'], async () => {
        // 41 requests against a limit of 20: at least one is refused even if a new minute starts among them.
        for (let i = 0; i < 41; i++) if ((await t.http.get('/health').set('x-forwarded-for', flooder)).status === 429) refused++;
      });
      expect(refused).toBeGreaterThanOrEqual(1);
      expect(moved).toEqual({ 'ravot_rate_limited_requests_total{limit="requests_per_minute"}': refused });
    });

    it("counts requests refused with 429 by the organisation's share, before they are read and in the guard", async () => {
      const admin = await t.networkAdmin();
      const partner = await t.organisation(admin, { name: unique('Shelter Shares') });
      const known = partner.token;
      expect((await gql(known, '{ me { id } }')).status).toBe(200);
      const unknown = (await t.member(partner, ['CASE_WORKER'])).token;
      // The organisation's share held: turns running, and 64 waiting, as many as may wait (while another organisation
      // is active, one runs, and the turns asked for beyond the 64 are refused here).
      const shares = t.app.get(OrganisationShares);
      const turns = Array.from({ length: shares.perOrganisation + 64 }, () => shares.take(partner.organisationId).catch(() => null));
      const moved = await movement(['ravot_rate_limited_requests_total{limit="organisation_share"}'], async () => {
        for (const token of [known, unknown]) expect((await gql(token, '{ me { id } }')).status).toBe(429);
      });
      expect(moved).toEqual({ 'ravot_rate_limited_requests_total{limit="organisation_share"}': 2 });
      for (const turn of turns) (await turn)?.();
    });

    it('shows the database pool and the process, and never a name, an id, a token or what a client wrote', async () => {
      const admin = await t.networkAdmin();
      const partner = await t.organisation(admin, { name: unique('Shelter Metrics') });
      const email = `${unique('person').replace(' ', '-')}@partner.example`;
      await gql(partner.token, `mutation($input: AddMemberInput!) { addMember(input: $input) { member { id } } }`, {
        input: { displayName: 'Ilona Kovács', email, roles: ['CASE_WORKER'] },
      });
      // A client's own words, in an operation name, a field and an argument, must never become a label.
      await gql(partner.token, 'query SecretOperationNameXyz { unknownFieldXyz(name: "Ilona Kovács") }');

      const { text, samples } = await scrape();
      expect(samples.get('ravot_database_pool_max_connections')).toBe(Number(process.env.DATABASE_URL ? 10 : 1));
      expect(samples.get('ravot_database_pool_connections')).toBeGreaterThanOrEqual(1);
      expect(samples.get('ravot_database_pool_waiting_requests')).toBe(0);
      expect(samples.has('ravot_database_pool_idle_connections')).toBe(true);
      expect(samples.get('process_cpu_user_seconds_total')).toBeGreaterThan(0);
      expect(samples.has('nodejs_eventloop_lag_seconds')).toBe(true);
      expect(samples.get('ravot_graphql_errors_total{code="GRAPHQL_VALIDATION_FAILED"}')).toBeGreaterThanOrEqual(1);
      for (const secret of [
        METRICS_TOKEN,
        admin.token,
        partner.token,
        partner.name,
        partner.organisationId,
        admin.organisationId,
        admin.memberId,
        email,
        'Ilona',
        'Xyz',
      ]) {
        expect(text).not.toContain(secret);
      }
      const labelValues = [...samples.keys()].flatMap((series) => [...series.matchAll(/="([^"]*)"/g)].map((match) => match[1]));
      const ravotLabelValues = [...samples.keys()]
        .filter((series) => series.startsWith('ravot_'))
        .flatMap((series) => [...series.matchAll(/(\w+)="([^"]*)"/g)].map((match) => `${match[1]}=${match[2]}`));
      expect(labelValues.length).toBeGreaterThan(0);
      // Every label of the service's own metrics comes from a small fixed set.
      for (const label of ravotLabelValues) {
        expect(label).toMatch(
          /^(operation=(query|mutation|subscription|unknown)|outcome=(ok|error)|code=[A-Z_]+|limit=[a-z_]+|le=[0-9.e+-]+|le=\+Inf)$/,
        );
      }
    });
  });
});
