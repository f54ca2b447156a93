import { ConfigError, loadConfig } from './config/app-config.js';
import { startupFailure } from './startup-failure.js';

describe('why the service could not start', () => {
  it("tells a configuration's problems apart, in one line", () => {
    const failure = startupFailure(new ConfigError(['PORT must be a whole number', 'DATABASE_POOL_SIZE must be at least 2']), null);
    expect(failure).toBe('PORT must be a whole number; DATABASE_POOL_SIZE must be at least 2.');
  });

  it('says where a database server does not answer, without its password', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://ravot:hunter2@db.internal:5433/ravot' });
    const failure = startupFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), config);
    expect(failure).toBe('the database server at db.internal:5433 does not answer (ECONNREFUSED). Start it, or correct DATABASE_URL.');
    expect(failure).not.toContain('hunter2');
  });
});
