import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { Clock } from '../common/clock.js';
import { ConflictError } from '../common/errors.js';
import { ConsentPurpose, DataCategory, RedactionReason } from '../consents/consent-terms.js';
import { ReferralStatus } from '../referrals/referral-lifecycle.js';
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

interface SubjectRow {
  id: string;
  organisation_id: string;
  erased_at: Date | null;
}
interface ReferralRow {
  id: string;
  sender_organisation_id: string;
  receiver_organisation_id: string;
  status: ReferralStatus;
  submitted_at: Date | null;
  consent_id: string;
}
interface ConsentRow {
  id: string;
  recipient_organisation_ids: string[];
  purposes: ConsentPurpose[];
  categories: DataCategory[];
  given_at: Date;
  expires_at: Date | null;
  withdrawn_at: Date | null;
}
interface DecisionRows {
  subjects: Map<string, SubjectRow>;
  referrals: Map<string, ReferralRow>;
  consents: Map<string, ConsentRow>;
}

const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((row) => [row.id, row]));
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
    private readonly audit: AuditService,
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

  /** The rows decideAccess needs for these addresses, in one statement each. */
  async decisionRows(manager: EntityManager, addresses: RecordAddress[]): Promise<DecisionRows> {
    const subjectIds = [...new Set(addresses.map((a) => a.subjectId))];
    const referralIds = [...new Set(addresses.flatMap((a) => (a.referralId ? [a.referralId] : [])))];
    const subjects = byId<SubjectRow>(
      await manager.query('SELECT id, organisation_id, erased_at FROM subjects WHERE id = ANY ($1)', [subjectIds]),
    );
    const referrals = byId<ReferralRow>(
      referralIds.length
        ? await manager.query(
            `SELECT id, sender_organisation_id, receiver_organisation_id, status, submitted_at, consent_id FROM referrals WHERE id = ANY ($1)`,
            [referralIds],
          )
        : [],
    );
    const consentIds = [...new Set([...referrals.values()].map((r) => r.consent_id))];
    const consents = byId<ConsentRow>(
      consentIds.length
        ? await manager.query(
            'SELECT id, recipient_organisation_ids, purposes, categories, given_at, expires_at, withdrawn_at FROM consents WHERE id = ANY ($1)',
            [consentIds],
          )
        : [],
    );
    return { subjects, referrals, consents };
  }

  decideFrom(rows: DecisionRows, actor: Actor, address: RecordAddress, at: Date): AccessDecision {
    const subject = rows.subjects.get(address.subjectId);
    const referral = address.referralId ? rows.referrals.get(address.referralId) : undefined;
    if (!subject || (address.referralId && !referral)) return { allowed: false, reason: RedactionReason.NOT_COVERED };
    const consent = referral ? rows.consents.get(referral.consent_id) : undefined;
    return decideAccess({
      viewerOrganisationId: actor.organisationId,
      subject: { organisationId: subject.organisation_id, erasedAt: subject.erased_at },
      referral: referral
        ? {
            senderOrganisationId: referral.sender_organisation_id,
            receiverOrganisationId: referral.receiver_organisation_id,
            status: referral.status,
            submittedAt: referral.submitted_at,
          }
        : null,
      consent: consent
        ? {
            recipientOrganisationIds: consent.recipient_organisation_ids,
            purposes: consent.purposes,
            categories: consent.categories,
            givenAt: consent.given_at,
            expiresAt: consent.expires_at,
            withdrawnAt: consent.withdrawn_at,
          }
        : null,
      kind: address.kind,
      at,
    });
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
    // Plain INSERT without RETURNING: the reader may write these rows but, not owning the person, may not read them back.
    await manager.query(
      `INSERT INTO subject_access_events (organisation_id, subject_id, referral_id, reader_organisation_id, reader_member_id, kinds, legal_basis)
       SELECT s.organisation_id, e.subject_id, e.referral_id, $1, $2, string_to_array(e.kinds, ','), e.legal_basis
       FROM unnest($3::uuid[], $4::uuid[], $5::text[], $6::text[]) AS e(subject_id, referral_id, kinds, legal_basis)
       JOIN subjects s ON s.id = e.subject_id`,
      [
        actor.organisationId,
        actor.memberId,
        events.map((e) => e.subjectId),
        events.map((e) => e.referralId),
        events.map((e) => [...e.kinds].join(',')),
        events.map((e) => e.legalBasis),
      ],
    );
    for (const event of events) {
      await this.audit.record(manager, {
        action: 'personal_data.read',
        entity: 'subject',
        entityId: event.subjectId,
        referralId: event.referralId,
      });
    }
  }
}

/**
 * The reads of one actor at one moment (a request): decisions are kept by
 * address, so a referral's detail asking for its fields, its redactions, its
 * messages and its reasons decides each piece of the person's data once, and
 * logs each read once.
 */
export class PersonalDataSession {
  private readonly decisions = new Map<string, AccessDecision>();
  private readonly logged = new Set<string>();

  constructor(
    private readonly vault: PersonalDataVault,
    readonly actor: Actor,
    readonly at: Date,
  ) {}

  async decide(manager: EntityManager, addresses: RecordAddress[]): Promise<AccessDecision[]> {
    const missing = addresses.filter((a) => !this.decisions.has(addressKey(a)));
    if (missing.length > 0) {
      const rows = await this.vault.decisionRows(manager, missing);
      for (const address of missing) this.decisions.set(addressKey(address), this.vault.decideFrom(rows, this.actor, address, this.at));
    }
    return addresses.map((a) => this.decisions.get(addressKey(a))!);
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
