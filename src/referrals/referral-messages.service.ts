import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { ConflictError } from '../common/errors.js';
import { RedactionReason } from '../personal-data/consent-terms.js';
import { TenantDatabase } from '../database/tenant-database.js';
import { EventEntity, EventType } from '../events/event-type.js';
import { Outbox, referralParties } from '../events/outbox.js';
import { PersonalDataKind } from '../personal-data/personal-data-kind.js';
import { PersonalDataSession, PersonalDataVault } from '../personal-data/personal-data-vault.js';
import { SendReferralMessageInput } from './dto/referral.inputs.js';
import { ReferralHistory } from './referral-history.js';
import { ReferralMessageEntity } from './referral-message.entity.js';
import { ReferralsService } from './referrals.service.js';
import { Idempotency } from '../database/idempotency.js';

export interface ReadableMessage extends ReferralMessageEntity {
  body: string | null;
  bodyRedaction: RedactionReason | null;
}

const messageContext = (message: Pick<ReferralMessageEntity, 'id' | 'referralId'>) => `message:${message.referralId}:${message.id}`;

/**
 * The thread between a referral's two organisations. Messages may speak of the
 * person, so bodies are sealed with the person's data key: erasure reaches
 * them, and a receiver reads them only while a consent names it.
 */
@Injectable()
export class ReferralMessagesService {
  constructor(
    private readonly tenants: TenantDatabase,
    private readonly idempotency: Idempotency,
    private readonly referrals: ReferralsService,
    private readonly vault: PersonalDataVault,
    private readonly history: ReferralHistory,
    private readonly outbox: Outbox,
  ) {}

  send(actor: Actor, input: SendReferralMessageInput): Promise<ReadableMessage> {
    const operation = { name: 'sendReferralMessage', organisationId: actor.organisationId, input };
    // A retry carries the same input (the key's fingerprint says so), so the body it answers is the one sent first.
    const again = async (manager: EntityManager, id: string) => ({
      ...(await manager.getRepository(ReferralMessageEntity).findOneByOrFail({ id })),
      body: input.body,
      bodyRedaction: null,
    });
    return this.tenants.run(actor, (manager) =>
      this.idempotency.create(
        manager,
        operation,
        (id) => again(manager, id),
        async () => {
          const referral = await this.referrals.find(manager, actor, input.referralId);
          const [decision] = await this.vault
            .session(actor)
            .decide(manager, [{ subjectId: referral.subjectId, referralId: referral.id, kind: PersonalDataKind.MESSAGES }]);
          if (!decision.allowed) {
            throw new ConflictError(
              decision.reason === RedactionReason.ERASED
                ? "The person's data has been erased: no message can be added."
                : 'Messages on this referral are closed: there is no active consent for it.',
            );
          }
          const messages = manager.getRepository(ReferralMessageEntity);
          const message = messages.create({
            referralId: referral.id,
            senderOrganisationId: referral.senderOrganisationId,
            receiverOrganisationId: referral.receiverOrganisationId,
            authorOrganisationId: actor.organisationId,
            authorMemberId: actor.memberId,
          });
          message.id = randomUUID();
          message.ciphertext = (await this.vault.seal(manager, referral.subjectId, messageContext(message), input.body))!;
          await messages.insert(message);
          await this.history.record(manager, actor, referral, { type: 'MESSAGE' });
          await this.outbox.announce(manager, {
            type: EventType.MESSAGE_RECEIVED,
            recipients: referralParties(referral).filter((organisationId) => organisationId !== actor.organisationId),
            actorOrganisationId: actor.organisationId,
            referralId: referral.id,
            about: { entity: EventEntity.MESSAGE, id: message.id },
          });
          return { ...message, body: input.body, bodyRedaction: null };
        },
      ),
    );
  }

  /** The threads of several referrals at once (for a page), through the request's session of the vault. */
  async threads(manager: EntityManager, session: PersonalDataSession, referralIds: readonly string[]): Promise<ReadableMessage[][]> {
    const readable = await this.read(manager, session, 'm.referral_id IN (:...ids)', referralIds);
    return referralIds.map((id) => readable.filter((message) => message.referralId === id));
  }

  /** Messages by their own ids (node), oldest first; the caller has checked that their referrals are the reader's. */
  byIds(manager: EntityManager, session: PersonalDataSession, ids: readonly string[]): Promise<ReadableMessage[]> {
    return this.read(manager, session, 'm.id IN (:...ids)', ids);
  }

  private async read(
    manager: EntityManager,
    session: PersonalDataSession,
    where: string,
    ids: readonly string[],
  ): Promise<ReadableMessage[]> {
    const rows: (ReferralMessageEntity & { subjectId: string })[] = await manager
      .getRepository(ReferralMessageEntity)
      .createQueryBuilder('m')
      .innerJoin('m.referral', 'r')
      .addSelect('r.subject_id', 'subject_id')
      .where(where, { ids })
      .orderBy('m.created_at', 'ASC')
      .getRawAndEntities()
      .then(({ raw, entities }) => entities.map((message, i) => Object.assign(message, { subjectId: raw[i].subject_id as string })));
    const bodies = await session.open<string>(
      manager,
      rows.map((m) => ({
        subjectId: m.subjectId,
        referralId: m.referralId,
        kind: PersonalDataKind.MESSAGES,
        context: messageContext(m),
        ciphertext: m.ciphertext,
      })),
    );
    return rows.map(({ subjectId: _, ...message }, i): ReadableMessage => {
      const body = bodies[i];
      return body.disclosed
        ? { ...message, body: body.value, bodyRedaction: null }
        : { ...message, body: null, bodyRedaction: body.reason };
    });
  }
}
