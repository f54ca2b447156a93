import { randomUUID } from 'node:crypto';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { PersonalDataVault } from '../personal-data/personal-data-vault.js';
import { SEALED_NOTE } from '../personal-data/sealed-notes.js';
import type { Actor } from '../auth/actor.js';
import { ConsentsEnded } from '../consents/consents-ended.js';
import { ReferralEventEntity } from './referral-event.entity.js';
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
      const changes = { status: toStatus, version: referral.version + 1 };
      await referrals.update({ id: referral.id }, changes);
      await this.record(manager, actor, referral, { type: 'CONSENT_WITHDRAWN', fromStatus: referral.status, toStatus, note });
      await this.moved.run(manager, { actor, referral: Object.assign(referral, changes), action: ReferralAction.WITHDRAW_CONSENT });
    }
  }
}
