import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { Clock } from '../common/clock.js';
import { BadUserInputError, ConflictError } from '../common/errors.js';
import { ConsentEntity } from '../consents/consent.entity.js';
import { openJson, sealJson } from '../crypto/envelope.js';
import { SubjectKeys } from '../crypto/subject-keys.js';
import { TenantDatabase } from '../database/tenant-database.js';
import { ReferralHistory } from '../referrals/referral-history.js';
import { statusAt, ReferralAction, ReferralStatus } from '../referrals/referral-lifecycle.js';
import { ReferralTransitionsService } from '../referrals/referral-transitions.service.js';
import { ReferralEntity } from '../referrals/referral.entity.js';
import { ReferralsService } from '../referrals/referrals.service.js';
import { PersonalDataKind } from '../subjects/personal-data-kind.js';
import { PersonalDataReader } from '../subjects/personal-data.reader.js';
import { SubjectEntity } from '../subjects/subject.entity.js';
import { CorrectFollowUpReportInput, FollowUpReportContent, FollowUpReportView, SubmitFollowUpInput } from './dto/follow-up.types.js';
import { CORRECTION_DAYS, followUpStatus, FollowUpStatus } from './follow-up-status.js';
import { FollowUpReportEntity } from './follow-up-report.entity.js';
import { FollowUpEntity } from './follow-up.entity.js';
import { FollowUpsService } from './follow-ups.service.js';
import { reportAccess } from './report-access.js';

type Sealed = Pick<FollowUpReportContent, 'personView' | 'nextSteps' | 'narrative' | 'reintegrationPlan'>;
const reportContext = (report: Pick<FollowUpReportEntity, 'id' | 'followUpId'>) => `follow-up-report:${report.followUpId}:${report.id}`;

/** Reports back from the receiver: written sealed, read only as reportAccess allows, every read logged. */
@Injectable()
export class FollowUpReportsService {
  constructor(
    private readonly tenants: TenantDatabase,
    private readonly followUps: FollowUpsService,
    private readonly referrals: ReferralsService,
    private readonly transitions: ReferralTransitionsService,
    private readonly history: ReferralHistory,
    private readonly keys: SubjectKeys,
    private readonly reader: PersonalDataReader,
    private readonly clock: Clock,
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
        throw new BadUserInputError('The first follow-up carries the reintegration plan: report.reintegrationPlan is required.');
      }
      const submittedAt = this.clock.now();
      await this.insertReport(manager, actor, followUp, input.report, 1, submittedAt);
      await manager.getRepository(FollowUpEntity).update({ id: followUp.id }, { submittedAt });
      await this.history.record(manager, actor, referral, { type: 'FOLLOW_UP_SUBMITTED', note: `Follow-up ${followUp.sequence}` });
      if (referral.status === ReferralStatus.RETURNED) {
        await this.transitions.move(
          manager,
          actor,
          { referralId: referral.id, expectedVersion: referral.version },
          ReferralAction.START_REINTEGRATION,
        );
      }
      return Object.assign(followUp, { submittedAt });
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
      return followUp;
    });
  }

  /** Every version of the reports of these follow-ups, newest first, as the actor may see them. */
  async views(manager: EntityManager, actor: Actor, followUpIds: readonly string[]): Promise<FollowUpReportView[][]> {
    const reports = await manager
      .getRepository(FollowUpReportEntity)
      .find({ where: { followUpId: In([...followUpIds]) }, order: { version: 'DESC' } });
    const referralIds = [...new Set(reports.map((r) => r.referralId))];
    const referrals = await manager.getRepository(ReferralEntity).findBy({ id: In(referralIds) });
    const consents = await manager.getRepository(ConsentEntity).findBy({ id: In(referrals.map((r) => r.consentId)) });
    const subjects = await manager
      .getRepository(SubjectEntity)
      .find({ select: { id: true, erasedAt: true }, where: { id: In(reports.map((r) => r.subjectId)) } });
    const keys = await this.keys.load(
      manager,
      subjects.map((s) => s.id),
    );
    const decisions = new Map(
      referrals.map((referral) => [
        referral.id,
        reportAccess({
          viewerOrganisationId: actor.organisationId,
          referral,
          consent: consents.find((c) => c.id === referral.consentId) ?? null,
          erased: !!subjects.find((s) => s.id === referral.subjectId)?.erasedAt,
          at: this.clock.now(),
        }),
      ]),
    );
    const views = reports.map((report): FollowUpReportView => {
      const decision = decisions.get(report.referralId)!;
      const key = keys.get(report.subjectId);
      const base = { id: report.id, version: report.version, submittedAt: report.submittedAt, supersededAt: report.supersededAt };
      if (!decision.allowed || !key) return { ...base, content: null, contentRedaction: decision.allowed ? null : decision.reason };
      const sealed = openJson<Sealed>(key, report.ciphertext, reportContext(report));
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
          ...sealed,
        },
      };
    });
    const read = referrals.flatMap((referral) => {
      const decision = decisions.get(referral.id)!;
      return decision.allowed
        ? [
            {
              subjectId: referral.subjectId,
              referralId: referral.id,
              kind: PersonalDataKind.FOLLOW_UP_REPORT,
              legalBasis: decision.legalBasis,
            },
          ]
        : [];
    });
    await this.reader.logReads(manager, actor, read);
    return followUpIds.map((id) => views.filter((view, i) => reports[i].followUpId === id));
  }

  private async insertReport(
    manager: EntityManager,
    actor: Actor,
    followUp: FollowUpEntity,
    content: FollowUpReportContent,
    version: number,
    submittedAt: Date,
  ): Promise<void> {
    const key = (await this.keys.load(manager, [followUp.subjectId])).get(followUp.subjectId);
    if (!key) throw new ConflictError("The person's data has been erased: no report can be added.");
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
    report.ciphertext = sealJson(key, sealed, reportContext(report));
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
