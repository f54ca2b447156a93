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
  });
});
