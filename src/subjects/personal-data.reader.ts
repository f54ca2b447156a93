import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { Clock } from '../common/clock.js';
import { RedactionReason } from '../consents/consent-terms.js';
import { ReferralStatus } from '../referrals/referral-lifecycle.js';
import { AccessDecision, decideAccess } from './access-decision.js';
import { PersonalDataKind, recordContext } from './personal-data-kind.js';
import { PersonalRecords, RecordAddress } from './personal-records.js';
import { LegalBasis } from './subject-access-event.entity.js';

export type Disclosure = { disclosed: true; value: unknown; legalBasis: LegalBasis } | { disclosed: false; reason: RedactionReason };

interface SubjectRow {
  id: string;
  organisation_id: string;
  erased_at: Date | null;
}
interface ReferralRow {
  id: string;
  receiver_organisation_id: string;
  status: ReferralStatus;
  submitted_at: Date | null;
  consent_id: string;
}
interface ConsentRow {
  id: string;
  recipient_organisation_ids: string[];
  purposes: never[];
  categories: never[];
  given_at: Date;
  expires_at: Date | null;
  withdrawn_at: Date | null;
}

const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((row) => [row.id, row]));

/**
 * The single door through which a person's data leaves the database in clear:
 * it asks decideAccess for every piece, opens only what is allowed, and logs
 * each read (for the owner's access log and in the hash-chained audit log) in
 * the same transaction. Batched, so a page costs the same few statements.
 */
@Injectable()
export class PersonalDataReader {
  constructor(
    private readonly records: PersonalRecords,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async decide(manager: EntityManager, actor: Actor, addresses: RecordAddress[], at = this.clock.now()): Promise<AccessDecision[]> {
    const subjectIds = [...new Set(addresses.map((a) => a.subjectId))];
    const referralIds = [...new Set(addresses.flatMap((a) => (a.referralId ? [a.referralId] : [])))];
    const subjects = byId<SubjectRow>(
      await manager.query('SELECT id, organisation_id, erased_at FROM subjects WHERE id = ANY ($1)', [subjectIds]),
    );
    const referrals = byId<ReferralRow>(
      referralIds.length
        ? await manager.query('SELECT id, receiver_organisation_id, status, submitted_at, consent_id FROM referrals WHERE id = ANY ($1)', [
            referralIds,
          ])
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
    return addresses.map((address) => {
      const subject = subjects.get(address.subjectId);
      const referral = address.referralId ? referrals.get(address.referralId) : undefined;
      if (!subject || (address.referralId && !referral)) return { allowed: false, reason: RedactionReason.NOT_COVERED };
      const consent = referral ? consents.get(referral.consent_id) : undefined;
      return decideAccess({
        viewerOrganisationId: actor.organisationId,
        subject: { organisationId: subject.organisation_id, erasedAt: subject.erased_at },
        referral: referral
          ? { receiverOrganisationId: referral.receiver_organisation_id, status: referral.status, submittedAt: referral.submitted_at }
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
    });
  }

  async disclose(manager: EntityManager, actor: Actor, addresses: RecordAddress[]): Promise<Disclosure[]> {
    const decisions = await this.decide(manager, actor, addresses);
    const allowed = addresses.filter((_, i) => decisions[i].allowed);
    const opened = await this.records.read(manager, allowed);
    await this.logReads(
      manager,
      actor,
      allowed.map((address) => ({
        ...address,
        legalBasis: (decisions[addresses.indexOf(address)] as { legalBasis: LegalBasis }).legalBasis,
      })),
    );
    return addresses.map((address, i) => {
      const decision = decisions[i];
      if (!decision.allowed) return { disclosed: false, reason: decision.reason };
      return {
        disclosed: true,
        value: opened.get(recordContext(address.subjectId, address.referralId, address.kind)) ?? null,
        legalBasis: decision.legalBasis,
      };
    });
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
    const owners = new Map<string, string>(
      (
        await manager.query('SELECT id, organisation_id FROM subjects WHERE id = ANY ($1)', [[...new Set(reads.map((r) => r.subjectId))]])
      ).map((row: SubjectRow) => [row.id, row.organisation_id]),
    );
    const events = [...groups.values()].map((group) => ({
      organisationId: owners.get(group.subjectId)!,
      subjectId: group.subjectId,
      referralId: group.referralId,
      readerOrganisationId: actor.organisationId,
      readerMemberId: actor.memberId,
      kinds: [...group.kinds],
      legalBasis: group.legalBasis,
    }));
    // Plain INSERT without RETURNING: the reader may write these rows but, not owning the person, may not read them back.
    const columns = ['organisation_id', 'subject_id', 'referral_id', 'reader_organisation_id', 'reader_member_id', 'kinds', 'legal_basis'];
    const rows = events.map((_, i) => `(${columns.map((__, j) => `$${i * columns.length + j + 1}`).join(', ')})`);
    await manager.query(
      `INSERT INTO subject_access_events (${columns.join(', ')}) VALUES ${rows.join(', ')}`,
      events.flatMap((e) => [e.organisationId, e.subjectId, e.referralId, e.readerOrganisationId, e.readerMemberId, e.kinds, e.legalBasis]),
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
