import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { preparedQuery } from '../database/prepared-query.js';
import { SubjectKeyEntity } from './subject-key.entity.js';
import { MasterKey } from './master-key.js';

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
    return dataKey;
  }

  /** The unwrapped keys of these subjects that the transaction may see; an erased subject has none. */
  async load(manager: EntityManager, subjectIds: string[]): Promise<Map<string, Buffer>> {
    if (subjectIds.length === 0) return new Map();
    const rows = await preparedQuery<{ subject_id: string; wrapped_key: Buffer; master_key_fingerprint: string }>(
      manager,
      'SELECT subject_id, wrapped_key, master_key_fingerprint FROM subject_keys WHERE subject_id = ANY ($1::uuid[])',
      [subjectIds],
    );
    return new Map(
      rows.map((row) => [
        row.subject_id,
        this.unwrap({ subjectId: row.subject_id, wrappedKey: row.wrapped_key, masterKeyFingerprint: row.master_key_fingerprint }),
      ]),
    );
  }

  /** A key read along with what it opens (its subject_keys row joined in the same statement). */
  unwrap(row: Pick<SubjectKeyEntity, 'subjectId' | 'wrappedKey' | 'masterKeyFingerprint'>): Buffer {
    return this.masterKey.unwrap(row.wrappedKey, row.subjectId, row.masterKeyFingerprint);
  }

  /** Crypto-shredding: without its key, every copy of the person's data is unreadable at once. */
  async destroy(manager: EntityManager, subjectId: string): Promise<void> {
    await manager.getRepository(SubjectKeyEntity).delete({ subjectId });
  }
}
