import { randomUUID } from 'node:crypto';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { preparedQuery } from '../database/prepared-query.js';
import { deferToCommit } from '../database/tenant-database.js';
import { PersonalDataVault } from '../personal-data/personal-data-vault.js';
import { SEALED_NOTE } from '../personal-data/sealed-notes.js';
import type { Actor } from '../auth/actor.js';
import { ConsentsEnded } from '../consents/consents-ended.js';
import { nextStatus, OPEN_STATUSES, ReferralAction, ReferralParty, ReferralStatus } from './referral-lifecycle.js';
import { ReferralMoved } from './referral-moved.js';
import { ReferralEntity } from './referral.entity.js';

type ReferralParties = Pick<ReferralEntity, 'id' | 'subjectId' | 'senderOrganisationId' | 'receiverOrganisationId'>;

/** Writes a referral's history, which both organisations see: the service's note in clear, a person's reason sealed. */
@Injectable()
export class ReferralHistory implements OnModuleInit {
  constructor(
    private readonly audit: AuditService,
    private readonly vault: PersonalDataVault,
    private readonly consentsEnded: ConsentsEnded,
    private readonly moved: ReferralMoved,
  ) {}

  onModuleInit(): void {
    this.consentsEnded.add((manager, { actor, consentIds, note }) => this.stopUnderConsents(manager, actor, consentIds, note));
  }

  async record(
    manager: EntityManager,
    actor: Actor,
    referral: ReferralParties,
    event: {
      type: string;
      fromStatus?: ReferralStatus | null;
      toStatus?: ReferralStatus | null;
      note?: string | null;
      reason?: string | null;
    },
    key?: Buffer,
  ): Promise<void> {
    const id = randomUUID();
    const written = {
      text: `INSERT INTO referral_events (id, referral_id, sender_organisation_id, receiver_organisation_id, type, from_status, to_status,
                                      actor_organisation_id, actor_member_id, note, reason_sealed)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      values: [
        id,
        referral.id,
        referral.senderOrganisationId,
        referral.receiverOrganisationId,
        event.type,
        event.fromStatus ?? null,
        event.toStatus ?? null,
        actor.organisationId,
        actor.memberId,
        event.note ?? null,
        await this.vault.seal(manager, referral.subjectId, SEALED_NOTE.eventReason(id), event.reason, key),
      ],
    };
    // Nothing in the write reads its own history back: the event goes with the COMMIT.
    if (!deferToCommit(manager, () => written)) await preparedQuery(manager, written.text, written.values);
    await this.audit.record(manager, {
      action: `referral.${event.type.toLowerCase()}`,
      entity: 'referral',
      entityId: referral.id,
      referralId: referral.id,
    });
  }

  /**
   * Withdrawal (or erasure) stops every open referral made under these
   * consents at once, in the same transaction, with an event both sides see.
   */
  async stopUnderConsents(manager: EntityManager, actor: Actor, consentIds: string[], note: string): Promise<void> {
    const referrals = manager.getRepository(ReferralEntity);
    const open = await referrals.find({
      where: { consentId: In(consentIds), status: In(OPEN_STATUSES) },
      lock: { mode: 'pessimistic_write' },
    });
    for (const referral of open) {
      const toStatus = nextStatus(referral.status, ReferralAction.WITHDRAW_CONSENT, ReferralParty.SENDER);
      const changes = { status: toStatus, version: referral.version + 1 };
      await referrals.update({ id: referral.id }, changes);
      await this.record(manager, actor, referral, { type: 'CONSENT_WITHDRAWN', fromStatus: referral.status, toStatus, note });
      await this.moved.run(manager, { actor, referral: Object.assign(referral, changes), action: ReferralAction.WITHDRAW_CONSENT });
    }
  }
}
