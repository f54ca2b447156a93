import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ConflictError } from '../common/errors.js';
import { preparedQuery } from '../database/prepared-query.js';
import { openJson, seal } from '../crypto/envelope.js';
import { operationRows } from '../database/operation-rows.js';
import { SubjectKeys } from '../crypto/subject-keys.js';
import { PersonalDataKind, recordContext, SUBJECT_KINDS } from './personal-data-kind.js';

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

/** A record an earlier step of the operation wrote (operationRows), as its JSON, by its context. */
const WRITTEN = 'personal record';

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
    // One statement for all the records, each upserted on the partial unique index of its kind of address (a
    // person's own, or a referral's), which is also how it finds the row: `referral_id IS NOT DISTINCT FROM` matched
    // neither index, so every write scanned the table and checked each row's receiver policy (50-90 ms at 10,000
    // records, growing with every person registered; docs/performance.md, the write path).
    const conflictTarget =
      referralId === null ? '(subject_id, kind) WHERE referral_id IS NULL' : '(referral_id, kind) WHERE referral_id IS NOT NULL';
    // Prepared, as the read below: parsed once per connection, and in a write planned once too, where each call
    // planned it again (the policies' subqueries made that 1.3 ms of the server's time; the read, 1.8 ms).
    await preparedQuery(
      manager,
      `INSERT INTO personal_records (organisation_id, subject_id, referral_id, kind, ciphertext)
       SELECT $1, $2, $3, kind, ciphertext FROM unnest($4::text[], $5::bytea[]) AS r(kind, ciphertext)
       ON CONFLICT ${conflictTarget} DO UPDATE SET ciphertext = excluded.ciphertext, updated_at = CURRENT_TIMESTAMP`,
      [
        subject.organisationId,
        subject.id,
        referralId,
        entries.map(([kind]) => kind),
        entries.map(([kind, value]) => {
          const context = recordContext(subject.id, referralId, kind as PersonalDataKind);
          const json = JSON.stringify(value);
          operationRows.remember(manager, WRITTEN, context, json);
          return seal(key, Buffer.from(json, 'utf8'), context);
        }),
      ],
    );
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
    const plaintext = new Map<string, unknown>();
    const unread: RecordAddress[] = [];
    for (const address of stored) {
      const context = recordContext(address.subjectId, address.referralId, address.kind);
      const written = operationRows.recall<string>(manager, WRITTEN, context);
      if (written === undefined) unread.push(address);
      else plaintext.set(context, JSON.parse(written));
    }
    if (unread.length > 0) await this.open(manager, unread, plaintext);
    addresses.forEach((address, i) => {
      const context = recordContext(stored[i].subjectId, stored[i].referralId, stored[i].kind);
      if (plaintext.has(context)) opened.set(recordContext(address.subjectId, address.referralId, address.kind), plaintext.get(context));
    });
    return opened;
  }

  /** Reads and opens the records at these (stored) addresses into `plaintext`, by their context. */
  private async open(manager: EntityManager, stored: RecordAddress[], plaintext: Map<string, unknown>): Promise<void> {
    // With each record its person's wrapped key, in the same statement: an erased person has none, and no record reads.
    const rows = await preparedQuery<StoredRecord>(
      manager,
      // Two halves, each on the partial unique index of its kind of address: a match on coalesce(referral_id) used
      // neither, and read the whole table.
      `SELECT p.subject_id, p.referral_id, p.kind, p.ciphertext, k.wrapped_key, k.master_key_fingerprint
       FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS a(subject_id, referral_id, kind)
       JOIN personal_records p ON p.subject_id = a.subject_id AND p.kind = a.kind AND p.referral_id IS NULL
       JOIN subject_keys k ON k.subject_id = p.subject_id
       WHERE a.referral_id IS NULL
       UNION ALL
       SELECT p.subject_id, p.referral_id, p.kind, p.ciphertext, k.wrapped_key, k.master_key_fingerprint
       FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS a(subject_id, referral_id, kind)
       JOIN personal_records p ON p.referral_id = a.referral_id AND p.kind = a.kind AND p.referral_id IS NOT NULL AND p.subject_id = a.subject_id
       JOIN subject_keys k ON k.subject_id = p.subject_id`,
      [stored.map((a) => a.subjectId), stored.map((a) => a.referralId), stored.map((a) => a.kind)],
    );
    for (const row of rows) {
      const key = this.keys.unwrap(manager, {
        subjectId: row.subject_id,
        wrappedKey: row.wrapped_key,
        masterKeyFingerprint: row.master_key_fingerprint,
      });
      const context = recordContext(row.subject_id, row.referral_id, row.kind);
      plaintext.set(context, openJson(key, row.ciphertext, context));
    }
  }
}
