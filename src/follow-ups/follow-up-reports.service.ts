import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { Clock } from '../common/clock.js';
import { BadUserInputError, ConflictError } from '../common/errors.js';
import { ConsentEntity } from '../consents/consent.entity.js';
import { TenantDatabase } from '../database/tenant-database.js';
import { EventEntity, EventType } from '../events/event-type.js';
import { Outbox, referralParties } from '../events/outbox.js';
import { ReferralHistory } from '../referrals/referral-history.js';
import { statusAt, ReferralAction, ReferralStatus } from '../referrals/referral-lifecycle.js';
import { ReferralTransitionsService } from '../referrals/referral-transitions.service.js';
import { ReferralsService } from '../referrals/referrals.service.js';
import { PersonalDataKind } from '../personal-data/personal-data-kind.js';
import { PersonalDataSession, PersonalDataVault } from '../personal-data/personal-data-vault.js';
import { CorrectFollowUpReportInput, FollowUpReportContent, FollowUpReportView, SubmitFollowUpInput } from './dto/follow-up.types.js';
import { CORRECTION_DAYS, followUpStatus, FollowUpStatus } from './follow-up-status.js';
import { FollowUpReportEntity } from './follow-up-report.entity.js';
import { FollowUpEntity } from './follow-up.entity.js';
import { FollowUpsService } from './follow-ups.service.js';

type Sealed = Pick<FollowUpReportContent, 'personView' | 'nextSteps' | 'narrative' | 'reintegrationPlan'>;
const reportContext = (report: Pick<FollowUpReportEntity, 'id' | 'followUpId'>) => `follow-up-report:${report.followUpId}:${report.id}`;

/** Reports back from the receiver: written and read through the vault (see reportAccess for who reads them). */
@Injectable()
export class FollowUpReportsService {
  constructor(
    private readonly tenants: TenantDatabase,
    private readonly followUps: FollowUpsService,
    private readonly referrals: ReferralsService,
    private readonly transitions: ReferralTransitionsService,
    private readonly history: ReferralHistory,
    private readonly vault: PersonalDataVault,
    private readonly clock: Clock,
    private readonly outbox: Outbox,
  ) {}

  /** The first report moves the referral into reintegration. */
  submit(actor: Actor, input: SubmitFollowUpInput): Promise<FollowUpEntity> {
    return this.tenants.run(actor, async (manager) => {
      const followUp = await this.followUps.findForReceiver(manager, actor, input.followUpId);
      const referral = await this.referrals.find(manager, actor, followUp.referralId);
      const consent = await manager.getRepository(ConsentEntity).findOneBy({ id: referral.consentId });
      const current = statusAt(referral.status, consent, this.clock.now());
      if (![ReferralStatus.RETURNED, ReferralStatus.IN_REINTEGRATION].includes(current)) {
        throw new ConflictError(`The referral is ${current}: no follow-up can be reported.`);
      }
      const status = followUpStatus(followUp, this.clock.today());
      if (![FollowUpStatus.UPCOMING, FollowUpStatus.DUE, FollowUpStatus.OVERDUE].includes(status)) {
        throw new ConflictError(`The follow-up is ${status}${status === FollowUpStatus.SUBMITTED ? ': correct its report instead' : ''}.`);
      }
      if (followUp.carriesReintegrationPlan && !input.report.reintegrationPlan) {
        throw BadUserInputError.at(
          ['input', 'report', 'reintegrationPlan'],
          'firstFollowUpRequiresPlan',
          'The first follow-up carries the reintegration plan: report.reintegrationPlan is required.',
        );
      }
      const submittedAt = this.clock.now();
      // History first: its audit record takes the organisation's chain lock before the report's statistics cells are
      // locked. The other way round, two reports of one organisation deadlocked (one held a cell and waited for the
      // chain, the other held the chain and, moving its referral into reintegration, waited for the cell): bench:writes.
      await this.history.record(manager, actor, referral, { type: 'FOLLOW_UP_SUBMITTED', note: `Follow-up ${followUp.sequence}` });
      await this.insertReport(manager, actor, followUp, input.report, 1, submittedAt);
      await manager.getRepository(FollowUpEntity).update({ id: followUp.id }, { submittedAt });
      await this.outbox.announce(manager, {
        type: EventType.FOLLOW_UP_REPORT_SUBMITTED,
        recipients: referralParties(referral),
        actorOrganisationId: actor.organisationId,
        referralId: referral.id,
        about: { entity: EventEntity.FOLLOW_UP, id: followUp.id },
        consentId: referral.consentId,
      });
      // The referral as it stands after this report (its status and consent), so that the answer needs no read after commit.
      const after =
        referral.status === ReferralStatus.RETURNED
          ? await this.transitions.move(
              manager,
              actor,
              { referralId: referral.id, expectedVersion: referral.version },
              ReferralAction.START_REINTEGRATION,
            )
          : await this.referrals.answerOf(manager, Object.assign(referral, { consent }));
      return Object.assign(followUp, { submittedAt, referral: after });
    });
  }

  /** Within CORRECTION_DAYS of the first submission, the author adds a corrected version; the earlier one stays readable. */
  correct(actor: Actor, input: CorrectFollowUpReportInput): Promise<FollowUpEntity> {
    return this.tenants.run(actor, async (manager) => {
      const followUp = await this.followUps.findForReceiver(manager, actor, input.followUpId);
      if (!followUp.submittedAt) throw new ConflictError('The follow-up has no report to correct yet.');
      const reports = manager.getRepository(FollowUpReportEntity);
      const versions = await reports.find({ where: { followUpId: followUp.id }, order: { version: 'ASC' } });
      const deadline = new Date(versions[0].submittedAt.getTime() + CORRECTION_DAYS * 86_400_000);
      if (this.clock.now() > deadline)
        throw new ConflictError(`A report can be corrected for ${CORRECTION_DAYS} days after it was submitted.`);
      const latest = versions.at(-1)!;
      const now = this.clock.now();
      await reports.update({ id: latest.id }, { supersededAt: now });
      await this.insertReport(manager, actor, followUp, input.report, latest.version + 1, now);
      const referral = await this.referrals.find(manager, actor, followUp.referralId);
      await this.history.record(manager, actor, referral, {
        type: 'FOLLOW_UP_CORRECTED',
        note: `Follow-up ${followUp.sequence}, version ${latest.version + 1}`,
      });
      return Object.assign(followUp, { referral: await this.referrals.answerOf(manager, referral) });
    });
  }

  /** Every version of the reports of these follow-ups, newest first, through the request's session of the vault. */
  async views(manager: EntityManager, session: PersonalDataSession, followUpIds: readonly string[]): Promise<FollowUpReportView[][]> {
    const reports = await manager
      .getRepository(FollowUpReportEntity)
      .find({ where: { followUpId: In([...followUpIds]) }, order: { version: 'DESC' } });
    const views = await this.viewsOf(manager, session, reports);
    return followUpIds.map((id) => views.filter((_view, i) => reports[i].followUpId === id));
  }

  /** Report versions read already (node: of follow-ups the reader may see), each read decided and logged. */
  async viewsOf(manager: EntityManager, session: PersonalDataSession, reports: FollowUpReportEntity[]): Promise<FollowUpReportView[]> {
    const sealed = await session.open<Sealed>(
      manager,
      reports.map((report) => ({
        subjectId: report.subjectId,
        referralId: report.referralId,
        kind: PersonalDataKind.FOLLOW_UP_REPORT,
        context: reportContext(report),
        ciphertext: report.ciphertext,
      })),
    );
    return reports.map((report, i): FollowUpReportView => {
      const base = { id: report.id, version: report.version, submittedAt: report.submittedAt, supersededAt: report.supersededAt };
      const opened = sealed[i];
      if (!opened.disclosed) return { ...base, content: null, contentRedaction: opened.reason };
      return {
        ...base,
        contentRedaction: null,
        content: {
          economicScore: report.economicScore,
          socialScore: report.socialScore,
          psychosocialScore: report.psychosocialScore,
          safetyLevel: report.safetyLevel as FollowUpReportContent['safetyLevel'],
          riskIndicators: report.riskIndicators as FollowUpReportContent['riskIndicators'],
          servicesDelivered: report.servicesDelivered as FollowUpReportContent['servicesDelivered'],
          ...opened.value!,
        },
      };
    });
  }

  private async insertReport(
    manager: EntityManager,
    actor: Actor,
    followUp: FollowUpEntity,
    content: FollowUpReportContent,
    version: number,
    submittedAt: Date,
  ): Promise<void> {
    const reports = manager.getRepository(FollowUpReportEntity);
    const report = reports.create({
      followUpId: followUp.id,
      referralId: followUp.referralId,
      senderOrganisationId: followUp.senderOrganisationId,
      receiverOrganisationId: followUp.receiverOrganisationId,
      subjectId: followUp.subjectId,
      version,
      economicScore: content.economicScore,
      socialScore: content.socialScore,
      psychosocialScore: content.psychosocialScore,
      safetyLevel: content.safetyLevel,
      riskIndicators: content.riskIndicators,
      servicesDelivered: content.servicesDelivered,
      submittedByMemberId: actor.memberId,
      submittedAt,
      supersededAt: null,
    });
    report.id = randomUUID();
    const sealed: Sealed = {
      personView: content.personView,
      nextSteps: content.nextSteps,
      narrative: content.narrative,
      reintegrationPlan: content.reintegrationPlan,
    };
    report.ciphertext = (await this.vault.seal(manager, followUp.subjectId, reportContext(report), sealed))!;
    await reports.insert(report);
  }
}

export function progressFrom(
  followUps: Pick<FollowUpEntity, 'id' | 'dueOn'>[],
  latest: Map<string, FollowUpReportView>,
): { dimension: 'ECONOMIC' | 'SOCIAL' | 'PSYCHOSOCIAL'; points: { dueOn: string; score: number }[] }[] {
  const reported = followUps.flatMap((f) => {
    const content = latest.get(f.id)?.content;
    return content ? [{ dueOn: f.dueOn, content }] : [];
  });
  return (
    [
      ['ECONOMIC', 'economicScore'],
      ['SOCIAL', 'socialScore'],
      ['PSYCHOSOCIAL', 'psychosocialScore'],
    ] as const
  ).map(([dimension, field]) => ({ dimension, points: reported.map(({ dueOn, content }) => ({ dueOn, score: content[field] })) }));
}
