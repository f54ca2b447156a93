import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppConfig, ConfigError } from '../config/app-config.js';
import { keyFingerprint, newDataKey, open, seal } from './envelope.js';

/**
 * The master key wraps each subject's data key; it never touches the
 * database. It comes from RAVOT_MASTER_KEY, or on the embedded database from
 * a file generated at first start in the data folder.
 */
export class MasterKey {
  readonly fingerprint: string;

  private constructor(private readonly key: Buffer) {
    this.fingerprint = keyFingerprint(key);
  }

  static load(config: AppConfig): MasterKey {
    if (config.RAVOT_MASTER_KEY) return new MasterKey(Buffer.from(config.RAVOT_MASTER_KEY, 'base64'));
    if (!config.usesEmbeddedDatabase) {
      throw new ConfigError(['RAVOT_MASTER_KEY is required with DATABASE_URL (32 random bytes, base64: openssl rand -base64 32)']);
    }
    if (config.RAVOT_DATA_DIR.startsWith('memory://')) return new MasterKey(randomBytes(32));
    return new MasterKey(keyFileIn(resolve(config.RAVOT_DATA_DIR)));
  }

  static fromBytes(key: Buffer): MasterKey {
    return new MasterKey(key);
  }

  wrap(dataKey: Buffer, subjectId: string): Buffer {
    return seal(this.key, dataKey, `subject-key:${subjectId}`);
  }

  unwrap(wrapped: Buffer, subjectId: string): Buffer {
    return open(this.key, wrapped, `subject-key:${subjectId}`);
  }

  newDataKey(): Buffer {
    return newDataKey();
  }
}

function keyFileIn(dataDir: string): Buffer {
  const file = join(dataDir, 'master.key');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  new Logger('MasterKey').warn(
    `Generated a master key in ${file} (mode 0600). Back it up apart from the database: without it, personal data cannot be read.`,
  );
  return key;
}
