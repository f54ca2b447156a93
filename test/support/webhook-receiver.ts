import { randomUUID } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  answered: number;
}

/** How the receiver answers the next request: a status (with headers), or after a delay. */
export type Answer = { status: number; headers?: Record<string, string>; delayMs?: number };

/**
 * A partner's webhook endpoint on 127.0.0.1, with an answer the test sets, that keeps what it received. Its path is
 * its own: suites share the database, and an endpoint another suite left behind may name a port this one got since.
 */
export class WebhookReceiver {
  readonly received: Received[] = [];
  answer: Answer = { status: 200 };
  private server: Server;
  port = 0;
  private readonly path = `/hooks/${randomUUID()}`;

  private constructor() {
    this.server = this.create();
  }

  static async start(): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    await receiver.listen();
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}${this.path}`;
  }

  /** The receiver goes down: connections are refused. */
  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  /** Up again on the same port. */
  async restart(): Promise<void> {
    this.server = this.create();
    await this.listen(this.port);
  }

  private create(): Server {
    return createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        if (request.url !== this.path) return void response.writeHead(404).end();
        const answer = this.answer;
        this.received.push({ headers: request.headers, body, answered: answer.status });
        setTimeout(() => {
          if (response.destroyed) return;
          response.writeHead(answer.status, answer.headers).end('ok');
        }, answer.delayMs ?? 0);
      });
    });
  }

  private listen(port = 0): Promise<void> {
    return new Promise((resolve) =>
      this.server.listen(port, '127.0.0.1', () => {
        this.port = (this.server.address() as AddressInfo).port;
        resolve();
      }),
    );
  }
}
