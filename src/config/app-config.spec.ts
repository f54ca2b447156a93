import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './app-config.js';

/** The configuration's problems, or null when it loads. */
const problemList = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return null;
};
const problems = (env: Record<string, string>) => problemList(env)?.join('\n') ?? null;

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

  it('says each problem of a variable once, and of a value that is no number only that', () => {
    expect(problemList({ PORT: 'eighty' })).toEqual(['PORT must be a whole number']);
    expect(problemList({ PORT: '70000' })).toEqual(['PORT must be between 0 and 65535']);
    expect(problemList({ PORT: '-1', DATABASE_POOL_SIZE: '1' })).toEqual([
      'PORT must be between 0 and 65535',
      'DATABASE_POOL_SIZE must be at least 2',
    ]);
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

  it('waits 60 s for a database server by default, and not at all with 0', () => {
    expect(loadConfig({}).DATABASE_CONNECT_RETRY_SECONDS).toBe(60);
    expect(loadConfig({ DATABASE_CONNECT_RETRY_SECONDS: '0' }).DATABASE_CONNECT_RETRY_SECONDS).toBe(0);
    expect(problems({ DATABASE_CONNECT_RETRY_SECONDS: '-1' })).toContain('DATABASE_CONNECT_RETRY_SECONDS must be 0 (no retry) or more');
    expect(problems({ DATABASE_CONNECT_RETRY_SECONDS: 'soon' })).toContain('DATABASE_CONNECT_RETRY_SECONDS must be a whole number');
  });

  describe('secrets from files (X_FILE, as Docker secrets mount them)', () => {
    let folder: string;
    const key = randomBytes(32).toString('base64');
    const secret = (name: string, content: string) => {
      const file = join(folder, name);
      writeFileSync(file, content);
      return file;
    };

    beforeEach(() => (folder = mkdtempSync(join(tmpdir(), 'ravot-config-'))));
    afterEach(() => rmSync(folder, { recursive: true, force: true }));

    it('reads each secret from its file, without the line break that ends the file', () => {
      const config = loadConfig({
        RAVOT_MASTER_KEY_FILE: secret('master_key', `${key}\n`),
        RAVOT_PREVIOUS_MASTER_KEY_FILE: secret('previous_key', `${key.replace(/^./, 'A')}\r\n`),
        DATABASE_URL_FILE: secret('database_url', 'postgres://ravot:s3cret@db:5432/ravot\n'),
      });
      expect(config.RAVOT_MASTER_KEY).toBe(key);
      expect(config.RAVOT_PREVIOUS_MASTER_KEY).toBe(key.replace(/^./, 'A'));
      expect(config.DATABASE_URL).toBe('postgres://ravot:s3cret@db:5432/ravot');
      expect(config.usesEmbeddedDatabase).toBe(false);
    });

    it.each(['RAVOT_MASTER_KEY', 'RAVOT_PREVIOUS_MASTER_KEY', 'DATABASE_URL'])(
      'refuses %s set both directly and through its _FILE variable, naming both and not the value',
      (name) => {
        const value = name === 'DATABASE_URL' ? 'postgres://ravot:hunter2@db/ravot' : key;
        const message = problems({ [name]: value, [`${name}_FILE`]: secret('both', value) });
        expect(message).toContain(`${name} and ${name}_FILE are both set: set one of them`);
        expect(message).not.toContain(value);
      },
    );

    it('names a missing or empty file, and treats an empty X_FILE as unset', () => {
      const missing = join(folder, 'no-such-secret');
      expect(problems({ RAVOT_MASTER_KEY_FILE: missing })).toContain(
        `RAVOT_MASTER_KEY_FILE names a file that cannot be read (${missing}: ENOENT)`,
      );
      expect(problems({ DATABASE_URL_FILE: secret('empty', '\n') })).toContain('DATABASE_URL_FILE names an empty file');
      expect(loadConfig({ DATABASE_URL_FILE: '' }).usesEmbeddedDatabase).toBe(true);
    });

    it('validates a value from a file as the variable itself, says where it came from, and never shows it', () => {
      const message = problems({ RAVOT_MASTER_KEY_FILE: secret('short', 'hunter2-not-a-key\n') });
      expect(message).toContain('RAVOT_MASTER_KEY must be 32 bytes in base64 (openssl rand -base64 32) (read from RAVOT_MASTER_KEY_FILE)');
      expect(message).not.toContain('hunter2');
    });
  });
});
