import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ConflictError } from '../common/errors.js';
import { openJson, sealJson } from '../crypto/envelope.js';
import { SubjectKeys } from '../crypto/subject-keys.js';
import { PersonalDataKind, recordContext, SUBJECT_KINDS } from './personal-data-kind.js';
import { PersonalRecordEntity } from './personal-record.entity.js';

export interface RecordAddress {
  subjectId: string;
  referralId: string | null;
  kind: PersonalDataKind;
}

/** Seals and opens a person's data with their data key. Deciding who may read is not done here. */
interface StoredRecord {
  subject_id: string;
  referral_id: string | null;
  kind: string;
  ciphertext: Buffer;
  wrapped_key: Buffer;
  master_key_fingerprint: string;
}

@Injectable()
export class PersonalRecords {
  constructor(private readonly keys: SubjectKeys) {}

  /** Writes (or replaces) the records given, for a subject of `organisationId`. Undefined values are left as they are. */
  async write(
    manager: EntityManager,
    subject: { id: string; organisationId: string },
    referralId: string | null,
    values: Partial<Record<PersonalDataKind, unknown>>,
    dataKey?: Buffer,
  ): Promise<void> {
    const entries = Object.entries(values).filter(([, value]) => value !== undefined);
    if (entries.length === 0) return;
    const key = dataKey ?? (await this.keys.load(manager, [subject.id])).get(subject.id);
    if (!key) throw new ConflictError("The person's data has been erased: nothing can be added to it.");
    const records = manager.getRepository(PersonalRecordEntity);
    for (const [kind, value] of entries) {
      const ciphertext = sealJson(key, value, recordContext(subject.id, referralId, kind));
      const changed = await records
        .createQueryBuilder()
        .update()
        .set({ ciphertext })
        .where('subject_id = :subjectId AND kind = :kind AND referral_id IS NOT DISTINCT FROM :referralId', {
          subjectId: subject.id,
          kind,
          referralId,
        })
        .execute();
      if (!changed.affected) {
        await records.insert({ organisationId: subject.organisationId, subjectId: subject.id, referralId, kind, ciphertext });
      }
    }
  }

  /**
   * Opens the records at these addresses, keyed by recordContext of the
   * address asked. A subject's own kinds are stored once, whichever referral
   * they are read through. An address without a record or key is absent.
   */
  async read(manager: EntityManager, addresses: RecordAddress[]): Promise<Map<string, unknown>> {
    const opened = new Map<string, unknown>();
    if (addresses.length === 0) return opened;
    const stored = addresses.map((a) => ({ ...a, referralId: SUBJECT_KINDS.includes(a.kind) ? null : a.referralId }));
    // With each record its person's wrapped key, in the same statement: an erased person has none, and no record reads.
    const rows: StoredRecord[] = await manager.query(
      `SELECT p.subject_id, p.referral_id, p.kind, p.ciphertext, k.wrapped_key, k.master_key_fingerprint
       FROM personal_records p JOIN subject_keys k ON k.subject_id = p.subject_id
       WHERE (p.subject_id, coalesce(p.referral_id::text, '-'), p.kind) IN (SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[]))`,
      [stored.map((a) => a.subjectId), stored.map((a) => a.referralId ?? '-'), stored.map((a) => a.kind)],
    );
    const keys = new Map<string, Buffer>();
    const plaintext = new Map<string, unknown>();
    for (const row of rows) {
      let key = keys.get(row.subject_id);
      if (!key) {
        key = this.keys.unwrap({
          subjectId: row.subject_id,
          wrappedKey: row.wrapped_key,
          masterKeyFingerprint: row.master_key_fingerprint,
        });
        keys.set(row.subject_id, key);
      }
      const context = recordContext(row.subject_id, row.referral_id, row.kind);
      plaintext.set(context, openJson(key, row.ciphertext, context));
    }
    addresses.forEach((address, i) => {
      const context = recordContext(stored[i].subjectId, stored[i].referralId, stored[i].kind);
      if (plaintext.has(context)) opened.set(recordContext(address.subjectId, address.referralId, address.kind), plaintext.get(context));
    });
    return opened;
  }
}
