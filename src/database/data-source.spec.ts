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
    const error = await createDataSource(`postgres://nobody@127.0.0.1:${port}/none`, 1)
      .initialize()
      .then(
        () => null,
        (failure: unknown) => failure,
      );
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(error).toBeInstanceOf(Error);
    expect(formatError({ message: 'raw' }, error).extensions).toEqual({ code: 'SERVICE_UNAVAILABLE' });
  }, 15_000);
});
