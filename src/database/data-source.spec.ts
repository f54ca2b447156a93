import { createServer, Server, Socket } from 'node:net';
import { formatError } from '../graphql/format-error.js';
import { createDataSource } from './data-source.js';

/**
 * A server that accepts connections and never answers, like one behind a
 * network cut: connecting gives up after the connect timeout, and a client
 * reads that as SERVICE_UNAVAILABLE, instead of waiting for the operating
 * system's TCP timeout.
 */
describe('a database that never answers', () => {
  let silent: Server;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    sockets.forEach((socket) => socket.destroy());
    await new Promise((resolve) => silent.close(resolve));
  });

  it('fails the connection within the connect timeout, as SERVICE_UNAVAILABLE', async () => {
    const { port } = silent.address() as { port: number };
    const started = Date.now();
    const error = await createDataSource(`postgres://nobody@127.0.0.1:${port}/none`, { entities: [], poolSize: 1 })
      .initialize()
      .then(
        () => null,
        (failure: unknown) => failure,
      );
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(error).toBeInstanceOf(Error);
    expect(formatError({ message: 'raw' }, error).extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', retryable: true });
  }, 15_000);
});

/** One backend message: its type, then its length (which counts itself) and body. */
function message(type: string, body: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeInt32BE(body.length + 4);
  return Buffer.concat([Buffer.from(type), length, body]);
}

/**
 * A server that lets every session in and ends it at once, as pg_terminate_backend does to a connection that has
 * only just been made: the ready message and the FATAL reach the driver in one read. pg-pool takes its listener off
 * a new connection as it hands it out, and TypeORM puts its own on one tick later; an 'error' in between, with no
 * listener, would be an uncaught exception that takes the whole service down.
 */
describe('a database that ends each session as soon as it is ready', () => {
  let terminating: Server;

  beforeAll(async () => {
    const fields = ['SFATAL', 'VFATAL', 'C57P01', 'Mterminating connection due to administrator command'];
    const fatal = message('E', Buffer.concat([...fields.map((field) => Buffer.from(`${field}\0`)), Buffer.from([0])]));
    const authenticationOk = message('R', Buffer.alloc(4));
    const readyForQuery = message('Z', Buffer.from('I'));
    terminating = createServer((socket) => {
      socket.once('data', () => socket.end(Buffer.concat([authenticationOk, readyForQuery, fatal])));
    });
    await new Promise<void>((resolve) => terminating.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => terminating.close(resolve));
  });

  it('fails the work on that connection as SERVICE_UNAVAILABLE, and the process goes on', async () => {
    const { port } = terminating.address() as { port: number };
    const dataSource = createDataSource(`postgres://nobody@127.0.0.1:${port}/none`, { entities: [], poolSize: 2 });
    const error = await dataSource.initialize().then(
      () => null,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(Error);
    expect(formatError({ message: 'raw' }, error).extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', retryable: true });
  });
});
