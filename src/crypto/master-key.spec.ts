import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../config/app-config.js';
import { MasterKey } from './master-key.js';

describe('MasterKey', () => {
  it('generates a key file (mode 0600) in the embedded data folder at first start, and reuses it', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ravot-key-'));
    try {
      const first = MasterKey.load(loadConfig({ RAVOT_DATA_DIR: dataDir }));
      const file = join(dataDir, 'master.key');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')).toHaveLength(32);
      const again = MasterKey.load(loadConfig({ RAVOT_DATA_DIR: dataDir }));
      expect(again.fingerprint).toBe(first.fingerprint);
      const wrapped = first.wrap(first.newDataKey(), 'subject-1');
      expect(() => again.unwrap(wrapped, 'subject-1')).not.toThrow();
    } finally {
      // A key file, even a test's, is not left behind in a shared temporary folder.
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('uses RAVOT_MASTER_KEY when set', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    const masterKey = MasterKey.load(loadConfig({ RAVOT_MASTER_KEY: key, DATABASE_URL: 'postgres://db/ravot' }));
    expect(masterKey.fingerprint).toBe(MasterKey.fromBytes(Buffer.alloc(32, 7)).fingerprint);
  });

  it('refuses to start on a PostgreSQL server without RAVOT_MASTER_KEY, naming the variable', () => {
    expect(() => MasterKey.load(loadConfig({ DATABASE_URL: 'postgres://db/ravot' }))).toThrow(ConfigError);
    expect(() => MasterKey.load(loadConfig({ DATABASE_URL: 'postgres://db/ravot' }))).toThrow(
      /RAVOT_MASTER_KEY \(or RAVOT_MASTER_KEY_FILE\) is required/,
    );
  });

  it('rejects a master key that is not 32 bytes of base64, without echoing it', () => {
    expect(() => loadConfig({ RAVOT_MASTER_KEY: 'c2hvcnQ=' })).toThrow(/RAVOT_MASTER_KEY must be 32 bytes in base64/);
    expect(() => loadConfig({ RAVOT_MASTER_KEY: 'c2hvcnQ=' })).not.toThrow(/c2hvcnQ/);
  });

  it('unwraps a data key only for the subject it was wrapped for', () => {
    const masterKey = MasterKey.fromBytes(Buffer.alloc(32, 1));
    const wrapped = masterKey.wrap(masterKey.newDataKey(), 'subject-1');
    expect(() => masterKey.unwrap(wrapped, 'subject-2')).toThrow();
  });
});
