import type { PGlite } from '@electric-sql/pglite';
import { createServer, Server, Socket } from 'node:net';

const SSL_REQUEST = 80877103;
const GSS_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const TERMINATE = 0x58; // 'X'
const SYNC = Uint8Array.from([0x53, 0, 0, 0, 4]); // 'S'

/** A simple-protocol Query message. */
function query(sql: string): Uint8Array {
  const text = Buffer.from(`${sql}\0`);
  const message = Buffer.alloc(5 + text.length);
  message.write('Q');
  message.writeInt32BE(4 + text.length, 1);
  text.copy(message, 5);
  return message;
}
const ROLLBACK = query('ROLLBACK');

/** How long a connection waits for the session before it is told to go: a second client must not hang for ever. */
const WAIT_FOR_TURN_MS = 10_000;

/** An ErrorResponse with severity FATAL, as a PostgreSQL server ends a connection it will not serve. */
export function fatalResponse(code: string, message: string): Buffer {
  const field = (type: string, value: string) => Buffer.from(`${type}${value}\0`);
  const fields = Buffer.concat([field('S', 'FATAL'), field('V', 'FATAL'), field('C', code), field('M', message), Buffer.from([0])]);
  const header = Buffer.alloc(5);
  header.write('E');
  header.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([header, fields]);
}
const DISCARD_ALL = query('DISCARD ALL');

/**
 * PGlite's single backend session, served on a loopback port to one connection at a time.
 *
 * PGlite's own socket server (@electric-sql/pglite-socket 0.2) queues each protocol message on its own and lets the
 * messages of two connections interleave whenever the session is not inside an explicit transaction; and a
 * connection that drops in the middle of a transaction can leave the session in it for good (pglite issues 985 and
 * 1046, open). Here, once, after pool connections were cut under writes, half the requests with a valid token were refused,
 * as if the token look-up had been answered by another statement. So a connection here has the session to itself from
 * its first byte to its last; the next waits for its turn, and gets it only after the session has been put back as
 * new: an unfinished pipeline ended (Sync), an open transaction rolled back, prepared statements, cursors, settings
 * and role dropped (DISCARD ALL). The application's pool holds one connection, so in normal running nothing waits.
 */
export class EmbeddedSessionServer {
  private readonly server: Server;
  private turn: Promise<void> = Promise.resolve();
  private readonly sockets = new Set<Socket>();

  constructor(private readonly db: PGlite) {
    this.server = createServer((socket) => this.admit(socket));
  }

  async listen(host: string): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, host, () => resolve());
    });
    return (this.server.address() as { port: number }).port;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await this.turn;
  }

  /** Reads from the first byte (so nothing is lost), but serves only once every earlier connection has ended. */
  private admit(socket: Socket): void {
    this.sockets.add(socket);
    socket.setNoDelay(true);
    const connection = new SessionTurn(socket);
    const refusal = setTimeout(
      () => socket.end(fatalResponse('53300', 'the embedded database serves one connection at a time, and another one holds it')),
      WAIT_FOR_TURN_MS,
    );
    const previous = this.turn;
    // A turn that fails still ends in a reset, and a failed reset does not stop the connections after it.
    this.turn = previous
      .then(() => {
        clearTimeout(refusal);
        return connection.serve(this.db);
      })
      .catch(() => undefined)
      .then(() => this.reset())
      .catch(() => undefined);
    socket.once('close', () => this.sockets.delete(socket));
  }

  private async reset(): Promise<void> {
    await this.db.runExclusive(async () => {
      await this.db.execProtocolRaw(SYNC);
      // Outside a transaction this only warns.
      await this.db.execProtocolRaw(ROLLBACK);
      await this.db.execProtocolRaw(DISCARD_ALL);
    });
  }
}

/** One connection's conversation with the session: its messages in order, each answered before the next. */
class SessionTurn {
  private buffered = Buffer.alloc(0);
  private started = false;
  private ended = false;
  private wake: (() => void) | null = null;

  constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      this.notify();
    });
    const end = () => {
      this.ended = true;
      this.notify();
    };
    socket.once('close', end);
    socket.on('error', end);
  }

  /** Resolves when the connection has ended, after its last message has been answered. */
  async serve(db: PGlite): Promise<void> {
    // A connection that has gone gets no more of its messages run: no one would read their answers.
    while (!this.ended) {
      const message = this.nextMessage();
      if (message === 'terminate') break;
      if (message) {
        await this.answer(db, message);
        continue;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    this.socket.destroy();
  }

  private notify(): void {
    this.wake?.();
    this.wake = null;
  }

  private async answer(db: PGlite, message: Buffer): Promise<void> {
    if (!this.started) {
      const code = message.readInt32BE(4);
      if (code === SSL_REQUEST || code === GSS_REQUEST) return void this.write(Buffer.from('N'));
      if (code === CANCEL_REQUEST) return void (this.ended = true);
      this.started = true;
    }
    await db.runExclusive(() => db.execProtocolRawStream(new Uint8Array(message), { onRawData: (data) => this.write(data) }));
  }

  private write(data: Uint8Array): void {
    if (data.length > 0 && this.socket.writable) this.socket.write(data);
  }

  /** The next whole message, 'terminate' at the client's goodbye, or null until more bytes arrive. */
  private nextMessage(): Buffer | 'terminate' | null {
    // Before the startup message, messages carry no type byte: a length, then a code.
    const typed = this.started ? 1 : 0;
    if (this.buffered.length < typed + 4) return null;
    if (typed && this.buffered[0] === TERMINATE) return 'terminate';
    const length = typed + this.buffered.readInt32BE(typed);
    if (this.buffered.length < length) return null;
    const message = this.buffered.subarray(0, length);
    this.buffered = this.buffered.subarray(length);
    return message;
  }
}
