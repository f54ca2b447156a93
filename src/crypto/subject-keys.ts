import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { preparedQuery } from '../database/prepared-query.js';
import { SubjectKeyEntity } from './subject-key.entity.js';
import { MasterKey } from './master-key.js';

/**
 * The keys a transaction has made, read or unwrapped, by its manager (one per transaction; forgotten with it). One
 * operation often needs a key twice: registerAndRefer seals the person's data, then their consent's and their
 * referral's, with the key it has just made, and read it back from PostgreSQL each time (two of its statements).
 */
const keysOfTransactions = new WeakMap<EntityManager, Map<string, Buffer>>();

/** Each person's data key: created at registration, unwrapped to read or write, destroyed to erase. */
@Injectable()
export class SubjectKeys {
  constructor(private readonly masterKey: MasterKey) {}

  async create(manager: EntityManager, subject: { id: string; organisationId: string }): Promise<Buffer> {
    const dataKey = this.masterKey.newDataKey();
    await manager.getRepository(SubjectKeyEntity).insert({
      subjectId: subject.id,
      organisationId: subject.organisationId,
      masterKeyFingerprint: this.masterKey.fingerprint,
      wrappedKey: this.masterKey.wrap(dataKey, subject.id),
    });
    this.keysOf(manager)?.set(subject.id, dataKey);
    return dataKey;
  }

  /** The unwrapped keys of these subjects that the transaction may see; an erased subject has none. */
  async load(manager: EntityManager, subjectIds: string[]): Promise<Map<string, Buffer>> {
    const known = this.keysOf(manager);
    const keys = new Map<string, Buffer>();
    const missing: string[] = [];
    for (const subjectId of subjectIds) {
      const key = known?.get(subjectId);
      if (key) keys.set(subjectId, key);
      else missing.push(subjectId);
    }
    if (missing.length === 0) return keys;
    const rows = await preparedQuery<{ subject_id: string; wrapped_key: Buffer; master_key_fingerprint: string }>(
      manager,
      'SELECT subject_id, wrapped_key, master_key_fingerprint FROM subject_keys WHERE subject_id = ANY ($1::uuid[])',
      [missing],
    );
    for (const row of rows) {
      const key = this.unwrap(manager, {
        subjectId: row.subject_id,
        wrappedKey: row.wrapped_key,
        masterKeyFingerprint: row.master_key_fingerprint,
      });
      keys.set(row.subject_id, key);
    }
    return keys;
  }

  /** A key read from its subject_keys row (here, or joined to what it opens), unwrapped once a transaction. */
  unwrap(manager: EntityManager, row: Pick<SubjectKeyEntity, 'subjectId' | 'wrappedKey' | 'masterKeyFingerprint'>): Buffer {
    const known = this.keysOf(manager);
    let key = known?.get(row.subjectId);
    if (!key) {
      key = this.masterKey.unwrap(row.wrappedKey, row.subjectId, row.masterKeyFingerprint);
      known?.set(row.subjectId, key);
    }
    return key;
  }

  /** Crypto-shredding: without its key, every copy of the person's data is unreadable at once. */
  async destroy(manager: EntityManager, subjectId: string): Promise<void> {
    await manager.getRepository(SubjectKeyEntity).delete({ subjectId });
    this.keysOf(manager)?.delete(subjectId);
  }

  /** The keys the manager's transaction knows; none outside a transaction, where nothing would forget them. */
  private keysOf(manager: EntityManager): Map<string, Buffer> | undefined {
    if (!manager.queryRunner?.isTransactionActive) return undefined;
    let keys = keysOfTransactions.get(manager);
    if (!keys) keysOfTransactions.set(manager, (keys = new Map()));
    return keys;
  }
}
