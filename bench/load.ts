/**
 * The HTTP client of the benchmark: one request, and a bounded load loop (N connections, each sending its next
 * request when the previous one is answered), shared by the runner and by the flood process of scenario 5.
 */
import { Agent, request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface Target {
  port: number;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** One request, answered: status, headers and body. */
export function send(target: Target, agent?: Agent): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const call = httpRequest(
      { host: '127.0.0.1', port: target.port, method: target.method, path: target.path, headers: target.headers, agent },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', reject);
      },
    );
    call.on('error', reject);
    call.end(target.body);
  });
}

/** Latencies in ms from a bounded built-in loop: connections loops, each with one request in flight, until the deadline. */
export async function builtInLoad(
  target: Target,
  seconds: number,
  connections: number,
): Promise<{ latencies: number[]; errors: number; refused: number; elapsed: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  let errors = 0;
  let refused = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline) {
        const at = performance.now();
        try {
          const response = await send(target, agent);
          if (response.status === 429) refused++;
          if (response.status !== 200 || response.body.startsWith('{"errors"')) errors++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - at);
      }
    }),
  );
  agent.destroy();
  return { latencies, errors, refused, elapsed: (performance.now() - started) / 1000 };
}

/** autocannon's default export (it ships no type declarations). */
export type Autocannon = (
  options: Record<string, unknown>,
) => { on: (event: string, listener: (...args: any[]) => void) => void } & PromiseLike<any>;

/** autocannon, a devDependency: null where it is not installed (the runner then uses builtInLoad). */
export async function importAutocannon(): Promise<Autocannon | null> {
  // Imported by name: autocannon ships no type declarations.
  const name = 'autocannon';
  try {
    return ((await import(name)) as { default: Autocannon }).default;
  } catch {
    return null;
  }
}

/**
 * Load from autocannon, `connections` at a time, for `limit.duration` seconds or exactly `limit.amount` requests:
 * the latency of each answer, the answers other than 200 with the errors and timeouts, and the time it took.
 */
export async function autocannonLoad(
  autocannon: Autocannon,
  target: Target,
  connections: number,
  limit: { duration: number } | { amount: number },
): Promise<{ latencies: number[]; errors: number; elapsed: number }> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const instance = autocannon({
    url: `http://127.0.0.1:${target.port}${target.path}`,
    method: target.method,
    headers: target.headers,
    body: target.body,
    connections,
    ...limit,
  });
  instance.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
    if (status !== 200) errors++;
    latencies.push(responseTime);
  });
  const result = await instance;
  return { latencies, errors: errors + (result.errors ?? 0) + (result.timeouts ?? 0), elapsed: (performance.now() - started) / 1000 };
}
