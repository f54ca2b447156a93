import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ConfigError } from '../config/app-config.js';
import { MasterKey } from './master-key.js';

/**
 * Stops the start when the master key is not the one this database's data keys are wrapped by. A valid but
 * different key (another shell's RAVOT_MASTER_KEY, a data folder restored without its key file) would otherwise be
 * accepted: every read of a person would fail and every new person would be sealed under the wrong key. The
 * database records the fingerprints of the keys that wrapped its data keys (never a key); the current key, or
 * during a rotation the previous one, must account for all of them.
 *
 * A start with a new current key and the old one as the previous key begins a rotation: new data keys are wrapped
 * by the new key from then on, so it is recorded first. The rotation, once no data key is left under the old key,
 * leaves only the current key recorded (settleMasterKeyCheck).
 */
export async function checkMasterKey(dataSource: DataSource, key: MasterKey): Promise<void> {
  await dataSource.transaction(async (manager) => {
    const recorded = await recordedFingerprints(manager);
    const known = new Set([key.fingerprint, key.previous?.fingerprint]);
    const unknown = recorded.filter((fingerprint) => !known.has(fingerprint));
    if (unknown.length > 0) throw new ConfigError([mismatch(unknown, key)]);
    if (recorded[0] !== key.fingerprint) {
      await record(manager, [key.fingerprint, ...recorded.filter((fingerprint) => fingerprint !== key.fingerprint)]);
    }
  });
}

/**
 * The check, when the application initialises: after every provider exists, so that a refused start can be closed
 * like any other (the embedded database shut down cleanly, its folder released).
 */
@Injectable()
export class MasterKeyCheck implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly key: MasterKey,
  ) {}

  onModuleInit(): Promise<void> {
    return checkMasterKey(this.dataSource, this.key);
  }
}

/** After a completed rotation: only the current key wraps data keys now. */
export async function settleMasterKeyCheck(manager: EntityManager, key: MasterKey): Promise<void> {
  await record(manager, [key.fingerprint]);
}

/** The recorded fingerprints, current first; on a database from before the check, those its data keys name. */
async function recordedFingerprints(manager: EntityManager): Promise<string[]> {
  const [row] = await manager.query('SELECT fingerprints FROM master_key_check FOR UPDATE');
  if (row) return row.fingerprints;
  const rows: { fingerprint: string }[] = await manager.query(
    'SELECT DISTINCT master_key_fingerprint AS fingerprint FROM subject_keys ORDER BY 1',
  );
  return rows.map(({ fingerprint }) => fingerprint);
}

async function record(manager: EntityManager, fingerprints: string[]): Promise<void> {
  await manager.query(
    `INSERT INTO master_key_check (fingerprints) VALUES ($1)
     ON CONFLICT (singleton) DO UPDATE SET fingerprints = excluded.fingerprints, updated_at = now()`,
    [fingerprints],
  );
}

function mismatch(unknown: string[], key: MasterKey): string {
  const given = key.previous ? `${key.fingerprint} and the previous key ${key.previous.fingerprint}` : key.fingerprint;
  return (
    `The master key from ${key.source} does not match this database: its personal data is sealed under the master key ` +
    `with fingerprint ${unknown.join(', ')}, and the key given has fingerprint ${given}. ` +
    'Start with the key the data was sealed under (restore it from your backup). To change keys, give the new key as ' +
    'RAVOT_MASTER_KEY and the old one as RAVOT_PREVIOUS_MASTER_KEY, then run: npm run ravot -- rotate-master-key.'
  );
}
