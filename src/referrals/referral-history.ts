import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { ReferralEventEntity } from './referral-event.entity.js';
import { nextStatus, OPEN_STATUSES, ReferralAction, ReferralParty, ReferralStatus } from './referral-lifecycle.js';
import { ReferralEntity } from './referral.entity.js';

type ReferralParties = Pick<ReferralEntity, 'id' | 'senderOrganisationId' | 'receiverOrganisationId'>;

/** Writes a referral's history, which both organisations see. */
@Injectable()
export class ReferralHistory {
  constructor(private readonly audit: AuditService) {}

  async record(
    manager: EntityManager,
    actor: Actor,
    referral: ReferralParties,
    event: { type: string; fromStatus?: ReferralStatus | null; toStatus?: ReferralStatus | null; note?: string | null },
  ): Promise<void> {
    await manager.getRepository(ReferralEventEntity).insert({
      referralId: referral.id,
      senderOrganisationId: referral.senderOrganisationId,
      receiverOrganisationId: referral.receiverOrganisationId,
      type: event.type,
      fromStatus: event.fromStatus ?? null,
      toStatus: event.toStatus ?? null,
      actorOrganisationId: actor.organisationId,
      actorMemberId: actor.memberId,
      note: event.note ?? null,
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
      `UPDATE follow_ups SET closed_as = 'CANCELLED', closed_at = now(), closure_reason = $2
       WHERE referral_id = ANY ($1) AND submitted_at IS NULL AND closed_as IS NULL`,
      [open.map((referral) => referral.id), note],
    );
  }
}
