import { createServer } from 'node:http';
import { Writable } from 'node:stream';
import request from 'supertest';
import { AppLogger } from './app-logger.js';
import { requestLogging } from './request-logging.js';

/** A logger writing into an array, one parsed JSON object per line. */
function capture(level = 'info') {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(
        ...chunk
          .toString('utf8')
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as Record<string, unknown>),
      );
      done();
    },
  });
  return { logger: new AppLogger(level, sink), lines };
}

describe('the log', () => {
  it('writes one JSON line per call, with the Nest context', () => {
    const { logger, lines } = capture();
    logger.log('Nest application successfully started', 'NestApplication');
    logger.error({ msg: 'Unexpected error', requestId: 'r-1', databaseCode: '23505' }, 'GraphQL');
    expect(lines).toEqual([
      expect.objectContaining({ level: 30, context: 'NestApplication', msg: 'Nest application successfully started' }),
      expect.objectContaining({ level: 50, context: 'GraphQL', msg: 'Unexpected error', requestId: 'r-1', databaseCode: '23505' }),
    ]);
  });

  it("logs an error by its name and frames, never its message, which can quote a person's data", () => {
    const { logger, lines } = capture();
    logger.error(new TypeError('invalid input syntax for type date: "Anna Kovács, 1994"'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toEqual(expect.objectContaining({ error: 'TypeError', msg: 'Error' }));
    expect(JSON.stringify(lines[0])).not.toContain('Kov');
  });

  it('keeps below its level quiet', () => {
    const { logger, lines } = capture('warn');
    logger.log('chatter');
    logger.debug('more chatter');
    expect(lines).toEqual([]);
  });

  it('logs a request with its id, method, path and status only: no headers, no query string, no body', async () => {
    const { logger, lines } = capture();
    const logRequest = requestLogging(logger) as unknown as (req: unknown, res: unknown, next: () => void) => void;
    const app = createServer((req, res) => logRequest(req, res, () => res.writeHead(200).end('{"data":null}')));
    const response = await request(app)
      .post('/graphql?token=secret-query')
      .set('authorization', 'Bearer rvt_secret')
      .set('x-request-id', 'trace-7')
      .send({ query: '{ me { id } }', variables: { familyName: 'Kovács' } });
    expect(response.headers['x-request-id']).toBe('trace-7');
    expect(lines).toEqual([
      expect.objectContaining({
        req: { id: 'trace-7', method: 'POST', path: '/graphql' },
        res: { statusCode: 200 },
        msg: 'request completed',
      }),
    ]);
    expect(JSON.stringify(lines)).not.toMatch(/secret|Kov|rvt_/);
    expect(lines[0].responseTime).toEqual(expect.any(Number));
  });

  /** A server answering `status` behind the request logging at `level`. */
  function loggedServer(level: string, status: number) {
    const { logger, lines } = capture(level);
    const logRequest = requestLogging(logger) as unknown as (req: unknown, res: unknown, next: () => void) => void;
    const app = createServer((req, res) => logRequest(req, res, () => res.writeHead(status).end('{}')));
    return { app, lines };
  }

  it('marks an answer with a server error as errored', async () => {
    const { app, lines } = loggedServer('info', 500);
    await request(app).post('/graphql').send({ query: '{ me { id } }' });
    expect(lines).toEqual([expect.objectContaining({ res: { statusCode: 500 }, msg: 'request errored' })]);
  });

  it('below level info writes no line, and still gives every request an id', async () => {
    const { app, lines } = loggedServer('warn', 200);
    const response = await request(app).post('/graphql').send({ query: '{ me { id } }' });
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines).toEqual([]);
  });

  it('leaves the health and readiness probes out of the log', async () => {
    const { app, lines } = loggedServer('info', 200);
    await request(app).get('/health');
    await request(app).get('/ready?probe=1');
    expect(lines).toEqual([]);
  });
});
