import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EventType } from '../events/event-type.js';
import { Outbox, referralParties } from '../events/outbox.js';
import { SubjectErased } from '../subjects/subject-erased.js';
import { ReferralAction } from './referral-lifecycle.js';
import { ReferralMoved } from './referral-moved.js';
import { ReferralEntity } from './referral.entity.js';

const ANNOUNCED_AS: Record<ReferralAction, EventType> = {
  SUBMIT: EventType.REFERRAL_RECEIVED,
  ACCEPT: EventType.REFERRAL_ACCEPTED,
  DECLINE: EventType.REFERRAL_DECLINED,
  CANCEL: EventType.REFERRAL_CANCELLED,
  RECORD_ARRIVAL: EventType.REFERRAL_RETURNED,
  START_REINTEGRATION: EventType.REFERRAL_IN_REINTEGRATION,
  CLOSE: EventType.REFERRAL_CLOSED,
  WITHDRAW_CONSENT: EventType.CONSENT_WITHDRAWN,
};

/** Every move of a referral, and the erasure of the person behind it, is announced to both its parties. */
@Injectable()
export class ReferralAnnouncements implements OnModuleInit {
  constructor(
    private readonly outbox: Outbox,
    private readonly moved: ReferralMoved,
    private readonly erased: SubjectErased,
  ) {}

  onModuleInit(): void {
    this.moved.add((manager, { actor, referral, action }) =>
      this.outbox.announce(manager, {
        type: ANNOUNCED_AS[action],
        recipients: referralParties(referral),
        actorOrganisationId: actor.organisationId,
        referralId: referral.id,
        consentId: referral.consentId,
      }),
    );
    this.erased.add((manager, { actor, subject }) => this.announceErasure(manager, actor.organisationId, subject.id));
  }

  /** The receiver hears that the person's data is gone; it fetches nothing more about them. */
  private async announceErasure(manager: EntityManager, actorOrganisationId: string, subjectId: string): Promise<void> {
    const referrals = await manager.getRepository(ReferralEntity).find({
      where: { subjectId },
      select: { id: true, senderOrganisationId: true, receiverOrganisationId: true, submittedAt: true },
    });
    for (const referral of referrals) {
      await this.outbox.announce(manager, {
        type: EventType.PERSON_ERASED,
        recipients: referralParties(referral),
        actorOrganisationId,
        referralId: referral.id,
      });
    }
  }
}
