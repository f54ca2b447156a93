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
    const keys = await this.keys.load(manager, [...new Set(addresses.map((a) => a.subjectId))]);
    const rows: { subject_id: string; referral_id: string | null; kind: string; ciphertext: Buffer }[] = await manager.query(
      `SELECT subject_id, referral_id, kind, ciphertext FROM personal_records
       WHERE (subject_id, coalesce(referral_id::text, '-'), kind) IN (SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[]))`,
      [stored.map((a) => a.subjectId), stored.map((a) => a.referralId ?? '-'), stored.map((a) => a.kind)],
    );
    const plaintext = new Map<string, unknown>();
    for (const row of rows) {
      const key = keys.get(row.subject_id);
      if (!key) continue;
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
