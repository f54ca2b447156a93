/**
 * The benchmark's peer: PostGraphile 5 (amber preset) over the same database, serving the inbox page under the
 * same row-level security. Each request authenticates its bearer token with the service's own
 * authenticate_api_token (one statement, as the service does), and the transaction runs as ravot_app with the
 * acting organisation and member in pgSettings, as the service's tenant transaction sets them.
 *
 *   <node 22+> bench/peer/server.mjs <port> <database url>
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import pg from 'pg';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';

const [port, connectionString] = process.argv.slice(2);
if (!['127.0.0.1', 'localhost'].includes(new URL(connectionString).hostname)) throw new Error('the peer runs against 127.0.0.1 only');
// The service's pool size (DATABASE_POOL_SIZE default 10), one pool for authentication and queries alike.
const pool = new pg.Pool({ connectionString, max: 10 });

async function pgSettingsFor(authorization) {
  const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
  if (!token) throw new Error('no bearer token');
  const hash = createHash('sha256').update(token).digest('hex');
  const { rows } = await pool.query({ name: 'authenticate', text: 'SELECT * FROM authenticate_api_token($1)', values: [hash] });
  if (!rows[0]) throw new Error('unknown token');
  return { role: 'ravot_app', 'app.organisation_id': rows[0].organisation_id, 'app.member_id': rows[0].member_id };
}

const preset = {
  extends: [PostGraphileAmberPreset],
  pgServices: [makePgService({ pool, schemas: ['public', 'bench_peer'] })],
  grafserv: { graphiql: false, watch: false },
  grafast: {
    explain: false,
    async context(requestContext) {
      return { pgSettings: await pgSettingsFor(requestContext.node?.req?.headers?.authorization) };
    },
  },
};

const instance = postgraphile(preset);
const serv = instance.createServ(grafserv);
const handler = serv.createHandler();
createServer((request, response) => {
  // The runner's readiness probe; everything else is PostGraphile's.
  if (request.method === 'GET' && request.url === '/ready') return void response.writeHead(200).end('ready');
  return handler(request, response);
}).listen(Number(port), '127.0.0.1', () => console.log(`PostGraphile peer listening on ${port}`));
