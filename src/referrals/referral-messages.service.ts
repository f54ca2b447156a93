import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { ConflictError } from '../common/errors.js';
import { RedactionReason } from '../consents/consent-terms.js';
import { openJson, sealJson } from '../crypto/envelope.js';
import { SubjectKeys } from '../crypto/subject-keys.js';
import { TenantDatabase } from '../database/tenant-database.js';
import { PersonalDataKind } from '../subjects/personal-data-kind.js';
import { PersonalDataReader } from '../subjects/personal-data.reader.js';
import { SendReferralMessageInput } from './dto/referral.inputs.js';
import { ReferralHistory } from './referral-history.js';
import { ReferralMessageEntity } from './referral-message.entity.js';
import { ReferralEntity } from './referral.entity.js';
import { ReferralsService } from './referrals.service.js';

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
    private readonly referrals: ReferralsService,
    private readonly keys: SubjectKeys,
    private readonly reader: PersonalDataReader,
    private readonly history: ReferralHistory,
  ) {}

  send(actor: Actor, input: SendReferralMessageInput): Promise<ReadableMessage> {
    return this.tenants.run(actor, async (manager) => {
      const referral = await this.referrals.find(manager, actor, input.referralId);
      const [decision] = await this.reader.decide(manager, actor, [
        { subjectId: referral.subjectId, referralId: referral.id, kind: PersonalDataKind.MESSAGES },
      ]);
      if (!decision.allowed) throw new ConflictError('Messages on this referral are closed: there is no active consent for it.');
      const key = (await this.keys.load(manager, [referral.subjectId])).get(referral.subjectId);
      if (!key) throw new ConflictError("The person's data has been erased: no message can be added.");
      const messages = manager.getRepository(ReferralMessageEntity);
      const message = messages.create({
        referralId: referral.id,
        senderOrganisationId: referral.senderOrganisationId,
        receiverOrganisationId: referral.receiverOrganisationId,
        authorOrganisationId: actor.organisationId,
        authorMemberId: actor.memberId,
      });
      message.id = randomUUID();
      message.ciphertext = sealJson(key, input.body, messageContext(message));
      await messages.insert(message);
      await this.history.record(manager, actor, referral, { type: 'MESSAGE' });
      return { ...message, body: input.body, bodyRedaction: null };
    });
  }

  /** The threads of several referrals at once (for a page), each read decided and logged once per referral. */
  async threads(manager: EntityManager, actor: Actor, referralIds: readonly string[]): Promise<ReadableMessage[][]> {
    const referrals = await manager
      .getRepository(ReferralEntity)
      .find({ select: { id: true, subjectId: true }, where: { id: In([...referralIds]) } });
    const messages = await manager
      .getRepository(ReferralMessageEntity)
      .find({ where: { referralId: In([...referralIds]) }, order: { createdAt: 'ASC' } });
    const addresses = referrals.map((r) => ({ subjectId: r.subjectId, referralId: r.id, kind: PersonalDataKind.MESSAGES }));
    const decisions = new Map((await this.reader.decide(manager, actor, addresses)).map((decision, i) => [referrals[i].id, decision]));
    const keys = await this.keys.load(manager, [...new Set(referrals.map((r) => r.subjectId))]);
    const subjectOf = new Map(referrals.map((r) => [r.id, r.subjectId]));
    const readable = messages.map((message): ReadableMessage => {
      const decision = decisions.get(message.referralId);
      const key = keys.get(subjectOf.get(message.referralId)!);
      if (!decision?.allowed) return { ...message, body: null, bodyRedaction: decision?.reason ?? RedactionReason.NOT_COVERED };
      if (!key) return { ...message, body: null, bodyRedaction: RedactionReason.ERASED };
      return { ...message, body: openJson<string>(key, message.ciphertext, messageContext(message)), bodyRedaction: null };
    });
    const reads = addresses.flatMap((address) => {
      const decision = decisions.get(address.referralId);
      const hasMessages = messages.some((m) => m.referralId === address.referralId);
      return decision?.allowed && hasMessages ? [{ ...address, legalBasis: decision.legalBasis }] : [];
    });
    await this.reader.logReads(manager, actor, reads);
    return referralIds.map((id) => readable.filter((message) => message.referralId === id));
  }
}
