import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';

/**
 * The container files, read as Docker reads them: no engine runs where the tests do, so what makes compose come up
 * the first time is asserted on the files themselves (.ci/run also runs `docker compose config` where it can).
 */
const ROOT = new URL('../', import.meta.url).pathname;

interface ComposeService {
  image?: string;
  restart?: string;
  environment?: Record<string, string | number>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
}

const compose = load(readFileSync(`${ROOT}docker-compose.yml`, 'utf8')) as { services: Record<string, ComposeService> };
const dockerfile = readFileSync(`${ROOT}Dockerfile`, 'utf8');
const engines = (JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { engines: { node: string } }).engines.node;

describe('docker-compose.yml', () => {
  const { db, api } = compose.services;

  it('checks the database over TCP, as the API connects, not on the socket that answers while it initialises', () => {
    expect(db.healthcheck?.test.join(' ')).toMatch(/pg_isready -h 127\.0\.0\.1 /);
  });

  it('starts the API once the database is healthy, restarts both, and lets the API wait for the database', () => {
    expect(api.depends_on?.db.condition).toBe('service_healthy');
    expect(db.restart).toBe('unless-stopped');
    expect(api.restart).toBe('unless-stopped');
    expect(Number(api.environment?.DATABASE_CONNECT_RETRY_SECONDS)).toBeGreaterThan(0);
  });

  it('takes the master key from .env or the shell and refuses to start without one, never a key of its own', () => {
    expect(api.environment?.RAVOT_MASTER_KEY).toMatch(/^\$\{RAVOT_MASTER_KEY:\?[^}]*\.env/);
  });
});

describe('Dockerfile', () => {
  it('builds and runs on Node 24, the LTS that package.json names first', () => {
    expect(engines.split('||')[0].trim()).toBe('^24');
    for (const from of dockerfile.match(/^FROM \S+/gm) ?? []) expect(from).toMatch(/^FROM node:24-/);
  });

  it('checks the health on the port the service listens on (PORT), after a start period that covers the database wait', () => {
    const healthcheck = dockerfile.split('\n').find((line) => line.startsWith('HEALTHCHECK')) ?? '';
    expect(healthcheck).toContain('process.env.PORT');
    expect(healthcheck).not.toContain(':3000/');
    expect(Number(/--start-period=(\d+)s/.exec(healthcheck)?.[1])).toBeGreaterThan(60);
  });
});
