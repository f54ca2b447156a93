import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { PersonalDataVault } from '../subjects/personal-data-vault.js';
import { SEALED_NOTE } from '../subjects/sealed-notes.js';
import type { Actor } from '../auth/actor.js';
import { ReferralEventEntity } from './referral-event.entity.js';
import { nextStatus, OPEN_STATUSES, ReferralAction, ReferralParty, ReferralStatus } from './referral-lifecycle.js';
import { ReferralEntity } from './referral.entity.js';

type ReferralParties = Pick<ReferralEntity, 'id' | 'subjectId' | 'senderOrganisationId' | 'receiverOrganisationId'>;

/** Writes a referral's history, which both organisations see: the service's note in clear, a person's reason sealed. */
@Injectable()
export class ReferralHistory {
  constructor(
    private readonly audit: AuditService,
    private readonly vault: PersonalDataVault,
  ) {}

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
    await manager.getRepository(ReferralEventEntity).insert({
      id,
      referralId: referral.id,
      senderOrganisationId: referral.senderOrganisationId,
      receiverOrganisationId: referral.receiverOrganisationId,
      type: event.type,
      fromStatus: event.fromStatus ?? null,
      toStatus: event.toStatus ?? null,
      actorOrganisationId: actor.organisationId,
      actorMemberId: actor.memberId,
      note: event.note ?? null,
      reasonSealed: await this.vault.seal(manager, referral.subjectId, SEALED_NOTE.eventReason(id), event.reason, key),
    });
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
      await referrals.update({ id: referral.id }, { status: toStatus, version: referral.version + 1 });
      await this.record(manager, actor, referral, { type: 'CONSENT_WITHDRAWN', fromStatus: referral.status, toStatus, note });
    }
    // Scheduled follow-ups stop with the referral.
    await manager.query(
      `UPDATE follow_ups SET closed_as = 'CANCELLED', closed_at = now()
       WHERE referral_id = ANY ($1) AND submitted_at IS NULL AND closed_as IS NULL`,
      [open.map((referral) => referral.id)],
    );
  }
}
