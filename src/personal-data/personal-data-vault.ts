import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { Clock } from '../common/clock.js';
import { ConflictError } from '../common/errors.js';
import { ConsentPurpose, DataCategory, RedactionReason } from './consent-terms.js';
import { openJson, sealJson } from '../crypto/envelope.js';
import { SubjectKeys } from '../crypto/subject-keys.js';
import { AccessDecision, decideAccess } from './access-decision.js';
import { PersonalDataKind, recordContext } from './personal-data-kind.js';
import { PersonalRecords, RecordAddress } from './personal-records.js';
import { LegalBasis } from './subject-access-event.entity.js';

export type Disclosure<T = unknown> =
  { disclosed: true; value: T | null; legalBasis: LegalBasis } | { disclosed: false; reason: RedactionReason };

/**
 * A sealed value kept outside personal_records (a message body, a report, a
 * reason): where it is about (the address that decides who reads it), the
 * context it was sealed under, and its ciphertext (null when none was written).
 */
export interface SealedPiece extends RecordAddress {
  context: string;
  ciphertext: Buffer | null;
}

/** What decideAccess needs of one address: its subject, and the referral (with its consent) it is read through. */
interface DecisionRow {
  subject_id: string;
  referral_id: string | null;
  organisation_id: string | null;
  erased_at: Date | null;
  sender_organisation_id: string | null;
  receiver_organisation_id: string | null;
  submitted_at: Date | null;
  arrived: boolean | null;
  recipient_organisation_ids: string[] | null;
  purposes: ConsentPurpose[];
  categories: DataCategory[];
  given_at: Date;
  expires_at: Date | null;
  withdrawn_at: Date | null;
}

const addressKey = (a: RecordAddress) => recordContext(a.subjectId, a.referralId, a.kind);
export const ERASED_MESSAGE = "The person's data has been erased: nothing can be added to it.";

/**
 * The one door of a person's data. Every value about a person (their records,
 * message bodies, reports, the reasons and notes written about their case) is
 * sealed here under their data key, so erasure reaches all of it; and leaves
 * the database in clear only through a session's open, which asks decideAccess
 * once per piece of the person's data, opens only what is allowed and logs
 * each read (in the owner's access log and in the audit chain) in the same
 * transaction.
 */
@Injectable()
export class PersonalDataVault {
  constructor(
    private readonly records: PersonalRecords,
    private readonly keys: SubjectKeys,
    private readonly clock: Clock,
  ) {}

  /** What an actor reads within one request: each piece decided once and each read logged once, however often asked. */
  session(actor: Actor): PersonalDataSession {
    return new PersonalDataSession(this, actor, this.clock.now());
  }

  /** The person's data key, to seal with; a ConflictError once they are erased. */
  async keyOf(manager: EntityManager, subjectId: string, erased = ERASED_MESSAGE): Promise<Buffer> {
    const key = (await this.keys.load(manager, [subjectId])).get(subjectId);
    if (!key) throw new ConflictError(erased);
    return key;
  }

  /** A value about the person, sealed under their key for this context (null stays null). */
  async seal(manager: EntityManager, subjectId: string, context: string, value: unknown, key?: Buffer): Promise<Buffer | null> {
    if (value === null || value === undefined) return null;
    return sealJson(key ?? (await this.keyOf(manager, subjectId)), value, context);
  }

  /** Writes (or replaces) the person's records given; undefined values are left as they are. */
  writeRecords(
    manager: EntityManager,
    subject: { id: string; organisationId: string },
    referralId: string | null,
    values: Partial<Record<PersonalDataKind, unknown>>,
    dataKey?: Buffer,
  ): Promise<void> {
    return this.records.write(manager, subject, referralId, values, dataKey);
  }

  /**
   * The records opened for the service's own use, never shown to anyone (what a submission checks, the age band a
   * referral keeps for statistics): not decided, not logged. Keyed by recordContext of the address.
   */
  readForService(manager: EntityManager, addresses: RecordAddress[]): Promise<Map<string, unknown>> {
    return this.records.read(manager, addresses);
  }

  /**
   * What decides access to a person's data for each (subject, referral) pair, in one statement: the subject, and
   * the referral with its consent (row-level security hides what the actor may not see). Keyed by pairKey.
   */
  async decisionRows(manager: EntityManager, pairs: RecordAddress[]): Promise<Map<string, DecisionRow>> {
    const rows: DecisionRow[] = await manager.query(
      `SELECT a.subject_id, a.referral_id, s.organisation_id, s.erased_at,
              r.sender_organisation_id, r.receiver_organisation_id, r.submitted_at, r.arrived_on IS NOT NULL AS arrived,
              c.recipient_organisation_ids, c.purposes, c.categories, c.given_at, c.expires_at, c.withdrawn_at
       FROM (SELECT DISTINCT * FROM unnest($1::uuid[], $2::uuid[]) AS a(subject_id, referral_id)) a
       LEFT JOIN subjects s ON s.id = a.subject_id
       LEFT JOIN referrals r ON r.id = a.referral_id AND r.subject_id = a.subject_id
       LEFT JOIN consents c ON c.id = r.consent_id`,
      [pairs.map((a) => a.subjectId), pairs.map((a) => a.referralId)],
    );
    return new Map(rows.map((row) => [pairKey({ subjectId: row.subject_id, referralId: row.referral_id }), row]));
  }

  /** Opens the allowed pieces with their people's keys; a piece of a person without a key reads as ERASED. */
  async openAllowed<T>(manager: EntityManager, pieces: SealedPiece[], decisions: AccessDecision[]): Promise<Disclosure<T>[]> {
    const keys = await this.keys.load(manager, [...new Set(pieces.filter((_, i) => decisions[i].allowed).map((p) => p.subjectId))]);
    return pieces.map((piece, i): Disclosure<T> => {
      const decision = decisions[i];
      if (!decision.allowed) return { disclosed: false, reason: decision.reason };
      if (piece.ciphertext === null) return { disclosed: true, value: null, legalBasis: decision.legalBasis };
      const key = keys.get(piece.subjectId);
      if (!key) return { disclosed: false, reason: RedactionReason.ERASED };
      return { disclosed: true, value: openJson<T>(key, piece.ciphertext, piece.context), legalBasis: decision.legalBasis };
    });
  }

  /** Opens the person's records at these addresses, keyed by recordContext: for a session that decided them. */
  openRecords(manager: EntityManager, addresses: RecordAddress[]): Promise<Map<string, unknown>> {
    return this.records.read(manager, addresses);
  }

  /** One access event per subject, referral and legal basis, with the kinds read; and the same in the audit chain. */
  async logReads(manager: EntityManager, actor: Actor, reads: (RecordAddress & { legalBasis: LegalBasis })[]): Promise<void> {
    if (reads.length === 0) return;
    const groups = new Map<
      string,
      { subjectId: string; referralId: string | null; legalBasis: LegalBasis; kinds: Set<PersonalDataKind> }
    >();
    for (const read of reads) {
      const key = `${read.subjectId}|${read.referralId}|${read.legalBasis}`;
      const group = groups.get(key) ?? {
        subjectId: read.subjectId,
        referralId: read.referralId,
        legalBasis: read.legalBasis,
        kinds: new Set(),
      };
      group.kinds.add(read.kind);
      groups.set(key, group);
    }
    const events = [...groups.values()];
    // One statement: the access events (a plain INSERT: the reader may write them but, not owning the person, may not
    // read them back) and their links in the audit chain.
    await manager.query(
      `WITH logged AS (
         INSERT INTO subject_access_events (organisation_id, subject_id, referral_id, reader_organisation_id, reader_member_id, kinds, legal_basis)
         SELECT s.organisation_id, e.subject_id, e.referral_id, $1, $2, string_to_array(e.kinds, ','), e.legal_basis
         FROM unnest($3::uuid[], $4::uuid[], $5::text[], $6::text[]) AS e(subject_id, referral_id, kinds, legal_basis)
         JOIN subjects s ON s.id = e.subject_id)
       SELECT record_audit_event('personal_data.read', 'subject', e.subject_id, e.referral_id)
       FROM unnest($3::uuid[], $4::uuid[]) WITH ORDINALITY AS e(subject_id, referral_id, position) ORDER BY e.position`,
      [
        actor.organisationId,
        actor.memberId,
        events.map((e) => e.subjectId),
        events.map((e) => e.referralId),
        events.map((e) => [...e.kinds].join(',')),
        events.map((e) => e.legalBasis),
      ],
    );
  }
}

const pairKey = (a: Pick<RecordAddress, 'subjectId' | 'referralId'>) => `${a.subjectId}:${a.referralId}`;

function decideFor(row: DecisionRow | undefined, actor: Actor, address: RecordAddress, at: Date): AccessDecision {
  if (!row?.organisation_id || (address.referralId && !row.receiver_organisation_id))
    return { allowed: false, reason: RedactionReason.NOT_COVERED };
  return decideAccess({
    viewerOrganisationId: actor.organisationId,
    subject: { organisationId: row.organisation_id, erasedAt: row.erased_at },
    referral: address.referralId
      ? {
          senderOrganisationId: row.sender_organisation_id!,
          receiverOrganisationId: row.receiver_organisation_id!,
          submittedAt: row.submitted_at,
          arrived: row.arrived!,
        }
      : null,
    consent: row.recipient_organisation_ids
      ? {
          recipientOrganisationIds: row.recipient_organisation_ids,
          purposes: row.purposes,
          categories: row.categories,
          givenAt: row.given_at,
          expiresAt: row.expires_at,
          withdrawnAt: row.withdrawn_at,
        }
      : null,
    kind: address.kind,
    at,
  });
}

/**
 * The reads of one actor at one moment (a request): decisions are kept by
 * address, so a referral's detail asking for its fields, its redactions, its
 * messages and its reasons decides each piece of the person's data once, and
 * logs each read once.
 */
export class PersonalDataSession {
  // By subject and referral, whatever the kind: the consent behind them is read once per request. Promises, so that
  // two batches asking at once (a detail's fields and its redactions) share one read.
  private readonly rows = new Map<string, Promise<DecisionRow | undefined>>();
  private readonly logged = new Set<string>();

  constructor(
    private readonly vault: PersonalDataVault,
    readonly actor: Actor,
    readonly at: Date,
  ) {}

  decide(manager: EntityManager, addresses: RecordAddress[]): Promise<AccessDecision[]> {
    const missing = [...new Map(addresses.filter((a) => !this.rows.has(pairKey(a))).map((a) => [pairKey(a), a])).values()];
    if (missing.length > 0) {
      const read = this.vault.decisionRows(manager, missing);
      for (const pair of missing)
        this.rows.set(
          pairKey(pair),
          read.then((rows) => rows.get(pairKey(pair))),
        );
    }
    return Promise.all(addresses.map(async (a) => decideFor(await this.rows.get(pairKey(a)), this.actor, a, this.at)));
  }

  /** The pieces as this actor may read them now; each piece actually read is logged. */
  async open<T>(manager: EntityManager, pieces: SealedPiece[]): Promise<Disclosure<T>[]> {
    const disclosures = await this.vault.openAllowed<T>(manager, pieces, await this.decide(manager, pieces));
    await this.log(
      manager,
      pieces.flatMap((piece, i) => {
        const disclosure = disclosures[i];
        return disclosure.disclosed && piece.ciphertext !== null ? [{ ...piece, legalBasis: disclosure.legalBasis }] : [];
      }),
    );
    return disclosures;
  }

  /** The person's records at these addresses, as this actor may read them now. */
  async disclose<T>(manager: EntityManager, addresses: RecordAddress[]): Promise<Disclosure<T>[]> {
    const decisions = await this.decide(manager, addresses);
    const allowed = addresses.filter((_, i) => decisions[i].allowed);
    const opened = await this.vault.openRecords(manager, allowed);
    const disclosures = addresses.map((address, i): Disclosure<T> => {
      const decision = decisions[i];
      if (!decision.allowed) return { disclosed: false, reason: decision.reason };
      return { disclosed: true, value: (opened.get(addressKey(address)) ?? null) as T | null, legalBasis: decision.legalBasis };
    });
    await this.log(
      manager,
      addresses.flatMap((address, i) => {
        const disclosure = disclosures[i];
        return disclosure.disclosed ? [{ ...address, legalBasis: disclosure.legalBasis }] : [];
      }),
    );
    return disclosures;
  }

  private async log(manager: EntityManager, reads: (RecordAddress & { legalBasis: LegalBasis })[]): Promise<void> {
    const fresh = reads.filter((read) => {
      const key = `${addressKey(read)}|${read.legalBasis}`;
      if (this.logged.has(key)) return false;
      this.logged.add(key);
      return true;
    });
    await this.vault.logReads(manager, this.actor, fresh);
  }
}
