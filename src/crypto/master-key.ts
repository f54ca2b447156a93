import { Logger } from '@nestjs/common';
import { hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { AppConfig, ConfigError } from '../config/app-config.js';
import { keyFingerprint, newDataKey, open, seal } from './envelope.js';

/**
 * The master key wraps each subject's data key; it never touches the
 * database. It comes from RAVOT_MASTER_KEY, or on the embedded database from
 * a file generated at first start in the data folder. During a rotation the
 * previous key (RAVOT_PREVIOUS_MASTER_KEY, or master.key.previous) still
 * unwraps what it wrapped; everything new is wrapped with the current key.
 */
export class MasterKey {
  readonly fingerprint: string;

  private constructor(
    private readonly key: Buffer,
    readonly previous: MasterKey | null = null,
    /** Where the key came from, for messages: a variable's name or a file's path, never the key. */
    readonly source = 'RAVOT_MASTER_KEY',
  ) {
    this.fingerprint = keyFingerprint(key);
  }

  static load(config: AppConfig): MasterKey {
    const previous = MasterKey.previousFrom(config);
    if (config.RAVOT_MASTER_KEY) return new MasterKey(Buffer.from(config.RAVOT_MASTER_KEY, 'base64'), previous);
    if (!config.usesEmbeddedDatabase) {
      throw new ConfigError([
        'RAVOT_MASTER_KEY (or RAVOT_MASTER_KEY_FILE) is required with DATABASE_URL (32 random bytes, base64: openssl rand -base64 32)',
      ]);
    }
    if (config.RAVOT_DATA_DIR.startsWith('memory://')) return new MasterKey(randomBytes(32), previous, 'memory');
    const file = currentKeyFile(config.RAVOT_DATA_DIR);
    return new MasterKey(keyFile(file), previous, file);
  }

  static fromBytes(key: Buffer, previous: Buffer | null = null): MasterKey {
    return new MasterKey(key, previous ? new MasterKey(previous) : null);
  }

  private static previousFrom(config: AppConfig): MasterKey | null {
    if (config.RAVOT_PREVIOUS_MASTER_KEY) return new MasterKey(Buffer.from(config.RAVOT_PREVIOUS_MASTER_KEY, 'base64'));
    const file = previousKeyFile(config.RAVOT_DATA_DIR);
    return file && existsSync(file) ? new MasterKey(readKeyFile(file), null, file) : null;
  }

  wrap(dataKey: Buffer, subjectId: string): Buffer {
    return seal(this.key, dataKey, `subject-key:${subjectId}`);
  }

  /** Unwraps with the key whose fingerprint the row names: the current one, or the previous one during a rotation. */
  unwrap(wrapped: Buffer, subjectId: string, fingerprint = this.fingerprint): Buffer {
    if (fingerprint === this.fingerprint) return open(this.key, wrapped, `subject-key:${subjectId}`);
    if (this.previous?.fingerprint === fingerprint) return this.previous.unwrap(wrapped, subjectId);
    throw new Error(`A data key is wrapped by a master key this service does not have (fingerprint ${fingerprint}).`);
  }

  newDataKey(): Buffer {
    return newDataKey();
  }

  /**
   * A key for one purpose other than wrapping (e.g. keyed pseudonyms in an export), derived with HKDF so that it
   * reveals nothing of the master key and differs per purpose. It changes when the master key is rotated.
   */
  derivedKey(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.key, Buffer.alloc(0), `ravot:${purpose}`, 32));
  }
}

/** Where the embedded database keeps its master key when RAVOT_MASTER_KEY is not set. */
const currentKeyFile = (dataDir: string) => join(resolve(dataDir), 'master.key');

/** Where the embedded database keeps the previous master key while a rotation runs; null for in-memory data. */
export function previousKeyFile(dataDir: string): string | null {
  return dataDir.startsWith('memory://') ? null : join(resolve(dataDir), 'master.key.previous');
}

/**
 * Reads the key files a start on the embedded database will use, where they exist: a damaged one stops the start
 * before anything loads. A missing master.key is no fault here; the first start makes it (MasterKey.load).
 */
export function checkKeyFiles(config: AppConfig): void {
  if (!config.usesEmbeddedDatabase || config.RAVOT_DATA_DIR.startsWith('memory://')) return;
  const files = [config.RAVOT_MASTER_KEY ? null : currentKeyFile(config.RAVOT_DATA_DIR)];
  if (!config.RAVOT_PREVIOUS_MASTER_KEY) files.push(previousKeyFile(config.RAVOT_DATA_DIR));
  for (const file of files) if (file && existsSync(file)) readKeyFile(file);
}

/** A key file holds 32 bytes in base64; anything else (a truncated or edited file) stops the start. */
function readKeyFile(file: string): Buffer {
  const text = readFileSync(file, 'utf8').trim();
  if (!/^[A-Za-z0-9+/]{43}=$/.test(text)) {
    throw new ConfigError([`${file} is not a master key (32 bytes in base64): restore it from your backup`]);
  }
  return Buffer.from(text, 'base64');
}

function keyFile(file: string): Buffer {
  if (existsSync(file)) return readKeyFile(file);
  const dataDir = dirname(file);
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  new Logger('MasterKey').warn(
    `Generated a master key in ${file} (mode 0600). Back it up apart from the database: without it, personal data cannot be read.`,
  );
  return key;
}
