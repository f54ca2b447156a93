import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { Clock } from '../common/clock.js';
import { BadUserInputError } from '../common/errors.js';
import { ConsentEntity } from '../consents/consent.entity.js';
import { TenantDatabase } from '../database/tenant-database.js';
import { OrganisationEntity } from '../organisations/organisation.entity.js';
import { PartnerRegistry } from '../partners/partner-registry.js';
import { parseNationalFields } from '../partners/referral-fields.js';
import { PersonalDataKind, recordContext } from '../personal-data/personal-data-kind.js';
import { PersonalDataVault } from '../personal-data/personal-data-vault.js';
import { SEALED_NOTE } from '../personal-data/sealed-notes.js';
import { SubjectEntity } from '../subjects/subject.entity.js';
import {
  AcceptReferralInput,
  CancelReferralInput,
  CloseReferralInput,
  DeclineReferralInput,
  RecordArrivalInput,
  SubmitReferralInput,
} from './dto/referral.inputs.js';
import { CaseHistory } from './dto/referral-content.types.js';
import { Idempotency } from '../database/idempotency.js';
import { operationRows } from '../database/operation-rows.js';
import { ReferralHistory } from './referral-history.js';
import { ReferralMoved } from './referral-moved.js';
import { statusAt, nextStatus, ReferralAction } from './referral-lifecycle.js';
import { ReferralEntity } from './referral.entity.js';
import { assertVersion, partyOf, ReferralsService } from './referrals.service.js';
import { submissionProblems } from './submission-requirements.js';

/** Moves referrals through their lifecycle: one transition, one event, one version step. */
@Injectable()
export class ReferralTransitionsService {
  constructor(
    private readonly tenants: TenantDatabase,
    private readonly referrals: ReferralsService,
    private readonly history: ReferralHistory,
    private readonly vault: PersonalDataVault,
    private readonly partners: PartnerRegistry,
    private readonly idempotency: Idempotency,
    private readonly moved: ReferralMoved,
    private readonly clock: Clock,
  ) {}

  submit(actor: Actor, input: SubmitReferralInput): Promise<ReferralEntity> {
    return this.idempotency.once(input.idempotencyKey, () =>
      this.tenants.run(actor, async (manager) => {
        const keyed = { organisationId: actor.organisationId, key: input.idempotencyKey!, operation: 'submitReferral', input };
        const earlier = input.idempotencyKey && (await this.idempotency.find(manager, keyed));
        if (earlier) return this.referrals.answerOf(manager, await this.referrals.find(manager, actor, earlier));
        const referral = await this.move(manager, actor, input, ReferralAction.SUBMIT, async (current, consent) => {
          await this.assertSubmittable(manager, current, consent);
          return { submittedAt: this.clock.now() };
        });
        if (input.idempotencyKey) await this.idempotency.remember(manager, keyed, referral.id);
        return referral;
      }),
    );
  }

  accept(actor: Actor, input: AcceptReferralInput) {
    return this.tenants.run(actor, (manager) => this.move(manager, actor, input, ReferralAction.ACCEPT));
  }

  decline(actor: Actor, input: DeclineReferralInput) {
    return this.tenants.run(actor, (manager) => this.move(manager, actor, input, ReferralAction.DECLINE, undefined, input.reason));
  }

  cancel(actor: Actor, input: CancelReferralInput) {
    return this.tenants.run(actor, (manager) => this.move(manager, actor, input, ReferralAction.CANCEL, undefined, input.reason));
  }

  /** The person arrived: the receiver's follow-up schedule starts from that day. */
  recordArrival(actor: Actor, input: RecordArrivalInput) {
    if (input.arrivedOn > this.clock.today())
      throw BadUserInputError.at(['input', 'arrivedOn'], 'notInFuture', 'arrivedOn cannot lie in the future.');
    return this.tenants.run(actor, (manager) =>
      this.move(manager, actor, input, ReferralAction.RECORD_ARRIVAL, async () => ({ arrivedOn: input.arrivedOn })),
    );
  }

  /** After the last follow-up, or early with a reason: what was due is MISSED, what lies ahead CANCELLED. */
  close(actor: Actor, input: CloseReferralInput) {
    return this.tenants.run(actor, (manager) => this.move(manager, actor, input, ReferralAction.CLOSE, undefined, input.reason));
  }

  /**
   * Checks party, version and lifecycle against the referral locked for
   * update, then writes the new status with version + 1 and one event. A
   * reason is sealed under the person's key, on the referral and its event.
   */
  async move(
    manager: EntityManager,
    actor: Actor,
    input: { referralId: string; expectedVersion: number },
    action: ReferralAction,
    prepare?: (referral: ReferralEntity, consent: ConsentEntity | null) => Promise<Partial<ReferralEntity>>,
    reason?: string,
  ): Promise<ReferralEntity> {
    const referral = await this.referrals.find(manager, actor, input.referralId, { lock: true, withNeighbours: true });
    const party = partyOf(referral, actor)!;
    // A receiver the consent does not name cannot see it: for that receiver the consent is not active.
    const consent = (referral.consent as ConsentEntity | undefined) ?? null; // the whole row: find's join read it all
    const current = statusAt(referral.status, consent, this.clock.now());
    const toStatus = nextStatus(current, action, party);
    assertVersion(referral, input.expectedVersion);
    const key = reason ? await this.vault.keyOf(manager, referral.subjectId) : undefined;
    const changes: Partial<ReferralEntity> = { ...(await prepare?.(referral, consent)), status: toStatus, version: referral.version + 1 };
    if (reason)
      changes.statusReasonSealed = await this.vault.seal(manager, referral.subjectId, SEALED_NOTE.statusReason(referral.id), reason, key);
    await manager.getRepository(ReferralEntity).update({ id: referral.id }, changes);
    await this.history.record(manager, actor, referral, { type: toStatus, fromStatus: referral.status, toStatus, reason }, key);
    const moved = Object.assign(referral, changes);
    await this.moved.run(manager, { actor, referral: moved, action, reason });
    return this.referrals.answerOf(manager, Object.assign(moved, { consent }));
  }

  /** The consent and the receiver are the ones move() read with the referral (the receiver is read here where not). */
  private async assertSubmittable(manager: EntityManager, referral: ReferralEntity, consent: ConsentEntity | null): Promise<void> {
    const receiver =
      referral.receiver ?? (await manager.getRepository(OrganisationEntity).findOneByOrFail({ id: referral.receiverOrganisationId }));
    referral.receiver = receiver;
    // A sender always sees its own consent; a missing one is a broken row, as findOneByOrFail treated it.
    if (!consent) throw new Error(`The consent of referral ${referral.id} is missing`);
    const subject =
      operationRows.recall(manager, SubjectEntity, referral.subjectId) ??
      (await manager.getRepository(SubjectEntity).findOneByOrFail({ id: referral.subjectId }));
    const opened = await this.vault.readForService(manager, [
      { subjectId: subject.id, referralId: referral.id, kind: PersonalDataKind.CASE_HISTORY },
      { subjectId: subject.id, referralId: referral.id, kind: PersonalDataKind.RISK_ASSESSMENT },
    ]);
    const caseHistory = opened.get(recordContext(subject.id, referral.id, PersonalDataKind.CASE_HISTORY)) as CaseHistory | undefined;
    const profile = this.partners.get(referral.senderCountry);
    const problems = submissionProblems({
      consent,
      receiver,
      countryOfReturn: subject.countryOfReturn,
      senderProfile: profile,
      nationalValues: parseNationalFields(profile, caseHistory?.nationalFields ?? []),
      hasRiskAssessment: opened.has(recordContext(subject.id, referral.id, PersonalDataKind.RISK_ASSESSMENT)),
      at: this.clock.now(),
    });
    if (problems.length > 0) throw BadUserInputError.listing('The referral cannot be submitted yet', problems);
  }
}
