import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { RequestScope } from '../graphql/request-loaders.js';
import { OrganisationEntity } from '../organisations/organisation.entity.js';
import { PersonalDataLoaders } from '../personal-data/personal-data-loaders.js';
import type { ListedReferral } from './referral-page.js';
import { ReferralEventEntity } from './referral-event.entity.js';
import { ReadableMessage, ReferralMessagesService } from './referral-messages.service.js';
import { ReferralEntity } from './referral.entity.js';

/** Batches for the fields of referrals; one instance per request (RequestLoaders.of). */
export class ReferralLoaders {
  constructor(private readonly scope: RequestScope) {}

  readonly events = new DataLoader<string, ReferralEventEntity[]>((referralIds) =>
    this.scope.read(async (manager) => {
      const rows = await manager
        .getRepository(ReferralEventEntity)
        .find({ where: { referralId: In([...referralIds]) }, order: { occurredAt: 'ASC' } });
      return referralIds.map((id) => rows.filter((row) => row.referralId === id));
    }),
  );

  /** Each referral's thread, the bodies opened through the request's session of the vault. */
  readonly messages = new DataLoader<string, ReadableMessage[]>((referralIds) =>
    this.scope.read((manager) =>
      this.scope.service(ReferralMessagesService).threads(manager, this.scope.of(PersonalDataLoaders).session, referralIds),
    ),
  );

  /**
   * A list page, or a referral's detail, read the referrals' neighbours along
   * (see ReferralPages), and the referral's fields answer from them (see
   * readAlong). The referrals also serve the fields that reach them another
   * way (a follow-up's referral), and the organisations other fields of the
   * request (a practice's, a member's): prime their batches.
   */
  primeListed(referrals: ListedReferral[]): void {
    const byId = this.scope.byId(ReferralEntity);
    const organisations = this.scope.byId(OrganisationEntity);
    for (const referral of referrals) {
      byId.prime(referral.id, referral);
      if (referral.sender) organisations.prime(referral.sender.id, referral.sender);
      if (referral.receiver) organisations.prime(referral.receiver.id, referral.receiver);
    }
  }
}
