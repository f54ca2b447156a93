import { Injectable } from '@nestjs/common';
import type { OnProgress } from '../common/progress.js';
import { TenantDatabase } from '../database/tenant-database.js';
import { settleMasterKeyCheck } from './master-key-check.js';
import { MasterKey } from './master-key.js';

interface WrappedRow {
  subject_id: string;
  master_key_fingerprint: string;
  wrapped_key: Buffer;
}

/**
 * Re-wraps every data key still wrapped by an older master key with the
 * current one. Data keys exist unwrapped only in memory, one batch at a time,
 * and are wiped after use; nothing personal is ever decrypted. Each batch
 * commits on its own, so an interrupted rotation is resumed by running it again.
 */
@Injectable()
export class KeyRotation {
  constructor(
    private readonly tenants: TenantDatabase,
    private readonly masterKey: MasterKey,
  ) {}

  async rotate(
    options: { batchSize?: number; maxBatches?: number; onProgress?: OnProgress } = {},
  ): Promise<{ rewrapped: number; remaining: number }> {
    const batchSize = options.batchSize ?? 500;
    let rewrapped = 0;
    // Counted only for someone watching: a count of every key is not free on a large network.
    const total = options.onProgress ? await this.remaining() : undefined;
    for (let batch = 0; batch < (options.maxBatches ?? Infinity); batch++) {
      const done = await this.tenants.runAsOwner(async (manager) => {
        const rows: WrappedRow[] = await manager.query(
          `SELECT subject_id, master_key_fingerprint, wrapped_key FROM subject_keys
           WHERE master_key_fingerprint <> $1 ORDER BY subject_id LIMIT $2 FOR UPDATE SKIP LOCKED`,
          [this.masterKey.fingerprint, batchSize],
        );
        for (const row of rows) {
          const dataKey = this.masterKey.unwrap(row.wrapped_key, row.subject_id, row.master_key_fingerprint);
          await manager.query('UPDATE subject_keys SET wrapped_key = $1, master_key_fingerprint = $2 WHERE subject_id = $3', [
            this.masterKey.wrap(dataKey, row.subject_id),
            this.masterKey.fingerprint,
            row.subject_id,
          ]);
          dataKey.fill(0);
        }
        return rows.length;
      });
      rewrapped += done;
      options.onProgress?.({ done: rewrapped, total });
      if (done < batchSize) break;
    }
    const remaining = await this.remaining();
    if (remaining === 0) await this.tenants.runAsOwner((manager) => settleMasterKeyCheck(manager, this.masterKey));
    return { rewrapped, remaining };
  }

  /** The data keys still wrapped by another master key than the current one. */
  private async remaining(): Promise<number> {
    const [{ count }] = await this.tenants.dataSource.query('SELECT count(*) FROM subject_keys WHERE master_key_fingerprint <> $1', [
      this.masterKey.fingerprint,
    ]);
    return Number(count);
  }
}
