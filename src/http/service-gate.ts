import type { NextFunction, Request, Response } from 'express';
import type { Server } from 'node:http';
import { Server as NetServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

type State = 'starting' | 'open' | 'draining';

const REFUSALS: Record<Exclude<State, 'open'>, string> = {
  starting: 'The service is starting. Please try again in a moment.',
  draining: 'The service is shutting down. Please try again in a moment.',
};

/**
 * Which requests the service takes. It listens before its start is complete (a start that then failed on a port in
 * use would have created the first admin's token and never shown it), so until main() opens the gate every request
 * gets 503, /ready included: nothing answers before the token is printed.
 *
 * And an orderly stop. Closing the server at once drops the keep-alive connections that sit idle between two
 * requests, and a client whose next request is already on its way then sees a reset connection (the lifecycle
 * suite saw ECONNRESET under load), and so does one that has just connected and not yet sent its request. So on
 * SIGTERM the service first drains: it stops accepting connections (a new one is refused, cleanly), answers every
 * request that arrives on a kept-alive connection with 503 and `Connection: close`, answers the requests under way,
 * and only then closes the connections left idle, and the database.
 */
export class ServiceGate {
  private inFlight = 0;

  constructor(private state: State = 'open') {}

  readonly middleware = (_request: Request, response: Response, next: NextFunction): void => {
    if (this.state !== 'open') {
      if (this.state === 'draining') response.setHeader('Connection', 'close');
      response.setHeader('Retry-After', '1');
      response.status(503).json({ statusCode: 503, message: REFUSALS[this.state] });
      return;
    }
    this.inFlight++;
    response.once('close', () => this.inFlight--);
    next();
  };

  open(): void {
    if (this.state === 'starting') this.state = 'open';
  }

  /**
   * Refuses new requests and waits until those under way are answered: at least `settleMs`, so that clients with a
   * kept-alive connection send their next request into a clean refusal rather than a closing socket, and at most
   * `limitMs` (container platforms kill a process some 10 s after SIGTERM).
   */
  async drain(server: Server, settleMs = 500, limitMs = 8_000): Promise<void> {
    this.state = 'draining';
    // net.Server's close stops listening; http.Server's would also drop the idle connections at once.
    NetServer.prototype.close.call(server);
    const started = Date.now();
    while (Date.now() - started < limitMs && (this.inFlight > 0 || Date.now() - started < settleMs)) await sleep(20);
  }
}
