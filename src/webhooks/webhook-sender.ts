import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { AddressPolicy, guardedLookup } from './address-guard.js';

export interface SendResult {
  statusCode: number | null;
  /** What went wrong, for the admins' delivery log: never the receiver's body. */
  error: string | null;
  latencyMs: number;
  retryAfter: string | undefined;
}

/**
 * One POST of a delivery. The connection resolves the host through the address guard; redirects are answers, never
 * followed; the whole exchange has `timeoutMs`; the receiver's body is read (and dropped) only up to a small limit.
 */
export function sendWebhook(
  url: URL,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
  policy: AddressPolicy,
): Promise<SendResult> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const done = (result: Omit<SendResult, 'latencyMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, latencyMs: latency() });
    };
    const outgoing = request(
      url,
      {
        method: 'POST',
        lookup: guardedLookup(policy) as never,
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'user-agent': 'RAVOT-Webhooks/1',
        },
      },
      (response) => {
        let read = 0;
        response.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > 64 * 1024) response.destroy();
        });
        const answer = () =>
          done({
            statusCode: response.statusCode ?? null,
            error: null,
            retryAfter: response.headers['retry-after'],
          });
        response.on('end', answer);
        response.on('close', answer);
        response.on('error', answer);
      },
    );
    const timer = setTimeout(() => {
      outgoing.destroy();
      done({ statusCode: null, error: `no answer within ${timeoutMs} ms`, retryAfter: undefined });
    }, timeoutMs);
    outgoing.on('error', (error: NodeJS.ErrnoException) =>
      done({
        statusCode: null,
        error:
          error.code === 'EREFUSED_ADDRESS'
            ? 'refused: the host resolves to a private, loopback or link-local address'
            : `connection failed (${error.code ?? 'error'})`,
        retryAfter: undefined,
      }),
    );
    outgoing.end(body);
  });
}
