import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager, IsNull } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { Clock } from '../common/clock.js';
import { PageWindow, toConnection } from '../common/connection.js';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../common/errors.js';
import { ConsentEntity } from '../consents/consent.entity.js';
import { TenantDatabase } from '../database/tenant-database.js';
import { PartnerRegistry } from '../partners/partner-registry.js';
import { ReferralHistory } from '../referrals/referral-history.js';
import { ReferralAction, ReferralStatus } from '../referrals/referral-lifecycle.js';
import { ReferralMoved } from '../referrals/referral-moved.js';
import { ReferralEntity } from '../referrals/referral.entity.js';
import { ReferralsService } from '../referrals/referrals.service.js';
import { PersonalDataVault } from '../personal-data/personal-data-vault.js';
import { SEALED_NOTE } from '../personal-data/sealed-notes.js';
import { AddFollowUpInput, FollowUpCount, FollowUpsArgs, MoveFollowUpInput } from './dto/follow-up.types.js';
import { addMonths, FOLLOW_UP_STATUS_SQL, followUpStatus, FollowUpStatus } from './follow-up-status.js';
import { FollowUpEntity } from './follow-up.entity.js';
import { Idempotency } from '../database/idempotency.js';

const DEFAULT_SCHEDULE = [1, 3, 6, 12];
const OPEN = [FollowUpStatus.UPCOMING, FollowUpStatus.DUE, FollowUpStatus.OVERDUE];

/** The receiver's schedule of follow-ups after a return, and its worklist. */
@Injectable()
export class FollowUpsService implements OnModuleInit {
  constructor(
    private readonly tenants: TenantDatabase,
    private readonly idempotency: Idempotency,
    private readonly referrals: ReferralsService,
    private readonly history: ReferralHistory,
    private readonly partners: PartnerRegistry,
    private readonly vault: PersonalDataVault,
    private readonly clock: Clock,
    private readonly referralMoved: ReferralMoved,
  ) {}

  /** The schedule starts when the person arrives, and ends when the referral closes or its consent ends. */
  onModuleInit(): void {
    this.referralMoved.add(async (manager, { referral, action, reason }) => {
      if (action === ReferralAction.RECORD_ARRIVAL) await this.createSchedule(manager, referral, referral.arrivedOn!);
      if (action === ReferralAction.CLOSE) await this.closeRemaining(manager, referral, reason);
      if (action === ReferralAction.WITHDRAW_CONSENT) await this.cancelScheduled(manager, referral);
    });
  }

  /** On arrival: the receiver's country schedule, counted in months from the day the person arrived. */
  private async createSchedule(manager: EntityManager, referral: ReferralEntity, arrivedOn: string): Promise<void> {
    const months = this.partners.get(referral.receiverCountry)?.followUpScheduleMonths ?? DEFAULT_SCHEDULE;
    await manager.getRepository(FollowUpEntity).insert(
      months.map((month, i) => ({
        ...partiesOf(referral),
        sequence: i + 1,
        dueOn: addMonths(arrivedOn, month),
        carriesReintegrationPlan: i === 0,
        submittedAt: null,
        closedAs: null,
        closedAt: null,
        closureReasonSealed: null,
      })),
    );
  }

  add(actor: Actor, input: AddFollowUpInput): Promise<FollowUpEntity> {
    return this.tenants.run(actor, (manager) =>
      this.idempotency.create(
        manager,
        { name: 'addFollowUp', organisationId: actor.organisationId, input },
        (id) => this.answerWithReferral(manager, actor, id),
        async () => {
          const referral = await this.referrals.find(manager, actor, input.referralId);
          assertReceiver(referral, actor);
          if (![ReferralStatus.RETURNED, ReferralStatus.IN_REINTEGRATION].includes(referral.status)) {
            throw new ConflictError(`The referral is ${referral.status}: follow-ups are added after the return.`);
          }
          const [{ last }] = await manager.query('SELECT coalesce(max(sequence), 0) AS last FROM follow_ups WHERE referral_id = $1', [
            referral.id,
          ]);
          const followUp = manager.getRepository(FollowUpEntity).create({
            ...partiesOf(referral),
            sequence: Number(last) + 1,
            dueOn: input.dueOn,
            carriesReintegrationPlan: false,
            submittedAt: null,
            closedAs: null,
            closedAt: null,
            closureReasonSealed: null,
          });
          await manager.getRepository(FollowUpEntity).insert(followUp);
          await this.history.record(manager, actor, referral, {
            type: 'FOLLOW_UP_ADDED',
            note: `Follow-up ${followUp.sequence} due ${input.dueOn}`,
            reason: input.reason,
          });
          return Object.assign(followUp, { referral: await this.referrals.answerOf(manager, referral) });
        },
      ),
    );
  }

  /** An added follow-up answered again for a retry, with its referral as the first answer had it. */
  private async answerWithReferral(manager: EntityManager, actor: Actor, id: string): Promise<FollowUpEntity> {
    const followUp = await manager.getRepository(FollowUpEntity).findOneByOrFail({ id });
    const referral = await this.referrals.find(manager, actor, followUp.referralId);
    return Object.assign(followUp, { referral: await this.referrals.answerOf(manager, referral) });
  }

  move(actor: Actor, input: MoveFollowUpInput): Promise<FollowUpEntity> {
    return this.tenants.run(actor, async (manager) => {
      const followUp = await this.findForReceiver(manager, actor, input.followUpId);
      const status = followUpStatus(followUp, this.clock.today());
      if (!OPEN.includes(status)) throw new ConflictError(`The follow-up is ${status}: it can no longer be moved.`);
      const from = followUp.dueOn;
      await manager.getRepository(FollowUpEntity).update({ id: followUp.id }, { dueOn: input.dueOn });
      const referral = await this.referrals.find(manager, actor, followUp.referralId);
      await this.history.record(manager, actor, referral, {
        type: 'FOLLOW_UP_MOVED',
        note: `Follow-up ${followUp.sequence} moved from ${from} to ${input.dueOn}`,
        reason: input.reason,
      });
      return Object.assign(followUp, { dueOn: input.dueOn, referral: await this.referrals.answerOf(manager, referral) });
    });
  }

  /**
   * On closing: what was due and not reported is MISSED, what lies ahead is
   * CANCELLED. Closing before the last follow-up's day needs a reason.
   */
  private async closeRemaining(manager: EntityManager, referral: ReferralEntity, reason: string | undefined): Promise<void> {
    const today = this.clock.today();
    const open = await manager.getRepository(FollowUpEntity).findBy({ referralId: referral.id, submittedAt: IsNull(), closedAs: IsNull() });
    if (open.some((followUp) => followUp.dueOn > today) && !reason) {
      throw BadUserInputError.at(
        ['input', 'reason'],
        'earlyClosingRequiresReason',
        'Closing before the last scheduled follow-up needs a reason.',
      );
    }
    const key = reason && open.length > 0 ? await this.vault.keyOf(manager, referral.subjectId) : undefined;
    for (const followUp of open) {
      const closedAs = followUp.dueOn <= today ? 'MISSED' : 'CANCELLED';
      const closureReasonSealed = await this.vault.seal(manager, referral.subjectId, SEALED_NOTE.closureReason(followUp.id), reason, key);
      await manager
        .getRepository(FollowUpEntity)
        .update({ id: followUp.id }, { closedAs, closedAt: this.clock.now(), closureReasonSealed });
    }
  }

  /** Scheduled follow-ups stop with the referral. */
  private async cancelScheduled(manager: EntityManager, referral: ReferralEntity): Promise<void> {
    await manager.query(
      `UPDATE follow_ups SET closed_as = 'CANCELLED', closed_at = now()
       WHERE referral_id = $1 AND submitted_at IS NULL AND closed_as IS NULL`,
      [referral.id],
    );
  }

  /** The receiver's worklist, by due day. */
  worklist(actor: Actor, args: FollowUpsArgs) {
    return this.tenants.run(actor, async (manager) => {
      const window = PageWindow.of(args);
      const query = this.receiverQuery(manager, actor)
        .orderBy('f.due_on', window.order('ASC'))
        .addOrderBy('f.id', window.order('ASC'))
        .limit(window.limit);
      if (args.status) query.andWhere(`${FOLLOW_UP_STATUS_SQL} = :status`, { status: args.status });
      if (args.dueBefore) query.andWhere('f.due_on < :dueBefore', { dueBefore: args.dueBefore });
      const position = window.position(['date', 'uuid']);
      if (position) {
        const [dueOn, id] = position;
        query.andWhere(`(f.due_on, f.id) ${window.beyond('ASC')} (:cursorDue, :cursorId)`, { cursorDue: dueOn, cursorId: id });
      }
      return toConnection(await query.getMany(), window, (followUp) => [followUp.dueOn, followUp.id]);
    });
  }

  /** How many of the receiver's follow-ups are in each status: for the dashboard. */
  counts(actor: Actor): Promise<FollowUpCount[]> {
    return this.tenants.run(actor, async (manager) => {
      const rows: { status: FollowUpStatus; count: string }[] = await this.receiverQuery(manager, actor)
        .select(FOLLOW_UP_STATUS_SQL, 'status')
        .addSelect('count(*)', 'count')
        .groupBy('status')
        .getRawMany();
      return Object.values(FollowUpStatus).map((status) => ({
        status,
        count: Number(rows.find((row) => row.status === status)?.count ?? 0),
      }));
    });
  }

  async findForReceiver(manager: EntityManager, actor: Actor, id: string): Promise<FollowUpEntity> {
    const followUp = await manager.getRepository(FollowUpEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!followUp || ![followUp.senderOrganisationId, followUp.receiverOrganisationId].includes(actor.organisationId)) {
      throw new NotFoundError('Follow-up');
    }
    if (followUp.receiverOrganisationId !== actor.organisationId)
      throw new ForbiddenError('Only the receiving organisation reports follow-ups.');
    return followUp;
  }

  private receiverQuery(manager: EntityManager, actor: Actor) {
    return manager
      .getRepository(FollowUpEntity)
      .createQueryBuilder('f')
      .leftJoin(ConsentEntity, 'c', 'c.id = (SELECT r.consent_id FROM referrals r WHERE r.id = f.referral_id)')
      .where('f.receiver_organisation_id = :organisationId', { organisationId: actor.organisationId })
      .setParameters({ today: this.clock.today(), now: this.clock.now() });
  }
}

function partiesOf(referral: ReferralEntity) {
  return {
    referralId: referral.id,
    senderOrganisationId: referral.senderOrganisationId,
    receiverOrganisationId: referral.receiverOrganisationId,
    subjectId: referral.subjectId,
  };
}

function assertReceiver(referral: ReferralEntity, actor: Actor): void {
  if (referral.receiverOrganisationId !== actor.organisationId)
    throw new ForbiddenError('Only the receiving organisation manages follow-ups.');
}
