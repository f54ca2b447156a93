import { ConfigError, loadConfig } from './app-config.js';

const problems = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return null;
};

describe('loadConfig', () => {
  it('starts from sensible defaults: embedded database in ./data, port 3000', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3000, RAVOT_DATA_DIR: './data', NODE_ENV: 'development' });
    expect(config.usesEmbeddedDatabase).toBe(true);
    expect(config.isProduction).toBe(false);
  });

  it('reads numbers and the database URL from the environment', () => {
    const config = loadConfig({ PORT: '8080', DATABASE_URL: 'postgres://ravot@db:5432/ravot', NODE_ENV: 'production' });
    expect(config.PORT).toBe(8080);
    expect(config.usesEmbeddedDatabase).toBe(false);
    expect(config.isProduction).toBe(true);
  });

  it('names the bad variable and never repeats its value', () => {
    const secret = 'mysql://admin:hunter2@db/ravot';
    const message = problems({ DATABASE_URL: secret, PORT: 'eighty' });
    expect(message).toContain('DATABASE_URL must be a postgres:// connection URL');
    expect(message).toContain('PORT must be a whole number');
    expect(message).not.toContain('hunter2');
    expect(message).not.toContain('eighty');
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '' }).usesEmbeddedDatabase).toBe(true);
  });

  it.each([
    ['NODE_ENV', 'staging'],
    ['LOG_LEVEL', 'loud'],
    ['GRAPHQL_MAX_DEPTH', '1000'],
    ['DATABASE_POOL_SIZE', '1'],
    ['RAVOT_AUTO_BOOTSTRAP', 'yes'],
    ['RAVOT_COUNT_SQL', 'on'],
    ['GRAPHQL_MAX_COST', '5'],
  ])('refuses %s=%s', (name, value) => {
    expect(problems({ [name]: value })).toContain(name);
  });

  it('keeps /metrics off unless METRICS_TOKEN is set, and refuses a short one without repeating it', () => {
    expect(loadConfig({}).metricsEnabled).toBe(false);
    expect(loadConfig({ METRICS_TOKEN: 'a'.repeat(32) }).metricsEnabled).toBe(true);
    for (const weak of ['short-secret', 'sixteen chars ok']) {
      const message = problems({ METRICS_TOKEN: weak });
      expect(message).toContain('METRICS_TOKEN must be 16 to 512 printable characters');
      expect(message).not.toContain(weak);
    }
  });
});
