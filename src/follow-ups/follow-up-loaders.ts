import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { Clock } from '../common/clock.js';
import type { RequestScope } from '../graphql/request-loaders.js';
import { PersonalDataLoaders } from '../personal-data/personal-data-loaders.js';
import type { FollowUpReportView } from './dto/follow-up.types.js';
import { FollowUpReportsService } from './follow-up-reports.service.js';
import { FollowUpEntity } from './follow-up.entity.js';

/** Batches for the follow-ups of referrals and their reports; one instance per request (RequestLoaders.of). */
export class FollowUpLoaders {
  constructor(private readonly scope: RequestScope) {}

  readonly byReferral = new DataLoader<string, FollowUpEntity[]>((referralIds) =>
    this.scope.read(async (manager) => {
      const rows = await manager
        .getRepository(FollowUpEntity)
        .find({ where: { referralId: In([...referralIds]) }, order: { dueOn: 'ASC', sequence: 'ASC' } });
      return referralIds.map((id) => rows.filter((row) => row.referralId === id));
    }),
  );

  /** The follow-up due most recently (on or before today) of each referral, or null. */
  readonly latest = new DataLoader<string, FollowUpEntity | null>((referralIds) =>
    this.scope.read(async (manager) => {
      const rows = await manager
        .getRepository(FollowUpEntity)
        .createQueryBuilder('f')
        .distinctOn(['f.referral_id'])
        .where('f.referral_id IN (:...referralIds) AND f.due_on <= :today', { referralIds, today: this.scope.service(Clock).today() })
        .orderBy('f.referral_id')
        .addOrderBy('f.due_on', 'DESC')
        .addOrderBy('f.sequence', 'DESC')
        .getMany();
      return referralIds.map((id) => rows.find((row) => row.referralId === id) ?? null);
    }),
  );

  /** Every version of each follow-up's report, newest first, each read decided and logged. */
  readonly reports = new DataLoader<string, FollowUpReportView[]>((followUpIds) =>
    this.scope.read((manager) =>
      this.scope.service(FollowUpReportsService).views(manager, this.scope.of(PersonalDataLoaders).session, followUpIds),
    ),
  );
}
