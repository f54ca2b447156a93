import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor.js';
import { Role } from '../auth/role.js';
import { Clock } from '../common/clock.js';
import { ConsentEntity } from '../consents/consent.entity.js';
import { ConsentsService } from '../consents/consents.service.js';
import { TenantDatabase } from '../database/tenant-database.js';
import { addDays } from '../follow-ups/follow-up-status.js';
import { FollowUpReportsService } from '../follow-ups/follow-up-reports.service.js';
import { ConsentPurpose, DataCategory } from '../personal-data/consent-terms.js';
import { ReferralMessagesService } from '../referrals/referral-messages.service.js';
import { statusAt } from '../referrals/referral-lifecycle.js';
import { ReferralTransitionsService } from '../referrals/referral-transitions.service.js';
import { ReferralEntity } from '../referrals/referral.entity.js';
import { ReferralsService } from '../referrals/referrals.service.js';
import { SubjectsService } from '../subjects/subjects.service.js';
import { ARRIVAL_POINTS, DEMO_CASE_BOOK, DemoCase, DemoStep, FIRST_FOLLOW_UP_REPORT, nationalFieldsOf } from './demo-case-book.js';

interface Party extends Actor {
  country: string;
}

interface Played {
  referralId: string;
  subjectId: string;
  consentId: string;
  arrivedOn?: string;
}

const DAY_MS = 86_400_000;

/**
 * Plays the case book through the services the GraphQL mutations call, acting as the demo organisations' case
 * workers: consent, encryption, lifecycle and audit rules hold for every demo case as for a real one. A case whose
 * createReferral key its sender already used was played before and is left as it is, so a second run adds nothing.
 */
@Injectable()
export class DemoCasesService {
  constructor(
    private readonly tenants: TenantDatabase,
    private readonly subjects: SubjectsService,
    private readonly consents: ConsentsService,
    private readonly referrals: ReferralsService,
    private readonly transitions: ReferralTransitionsService,
    private readonly messages: ReferralMessagesService,
    private readonly followUpReports: FollowUpReportsService,
    private readonly clock: Clock,
  ) {}

  /** Returns how many cases it created. */
  async play(book: DemoCase[] = DEMO_CASE_BOOK): Promise<number> {
    let created = 0;
    for (const demoCase of book) {
      const sender = await this.caseWorkerOf(demoCase.from);
      const receiver = await this.caseWorkerOf(demoCase.to);
      if (await this.playedBefore(sender, demoCase.key)) continue;
      await this.playCase(demoCase, sender, receiver);
      created++;
    }
    return created;
  }

  private async playCase(demoCase: DemoCase, sender: Party, receiver: Party): Promise<void> {
    const today = this.clock.today();
    const longestAgo = Math.max(0, ...demoCase.steps.map((step) => (step.do === 'recordArrival' ? step.daysAgo : 0)));
    const { person } = demoCase;
    const subject = await this.subjects.register(sender, {
      nationality: person.nationality,
      countryOfReturn: receiver.country,
      identity: { ...person, languages: [person.language], dependants: [] },
      contact: { safeContactNotes: 'Only through the case worker of the sending organisation' },
      health: { notes: 'No known health needs (demo)' },
    });
    const consent = await this.consents.record(sender, {
      subjectId: subject.id,
      recipientOrganisationIds: [receiver.organisationId],
      purposes: Object.values(ConsentPurpose),
      categories: [DataCategory.IDENTITY, DataCategory.CONTACT, DataCategory.NEEDS, DataCategory.CASE_HISTORY],
      givenAt: new Date(this.clock.now().getTime() - (longestAgo + 30) * DAY_MS),
      language: person.language,
      interpreterPresent: person.language !== 'en',
      formReference: `Demo consent form ${demoCase.key}`,
    });
    const arrival = ARRIVAL_POINTS[receiver.country];
    const referral = await this.referrals.create(sender, {
      subjectId: subject.id,
      consentId: consent.id,
      receiverOrganisationId: receiver.organisationId,
      needs: [demoCase.need],
      caseHistory: {
        exploitationTypes: demoCase.exploitationTypes,
        summary: demoCase.summary,
        nationalFields: nationalFieldsOf(sender.country, addDays(today, -(longestAgo + 120)), person.nationality),
      },
      returnPlan: {
        plannedReturnDate: addDays(today, longestAgo ? -longestAgo : 14),
        route: arrival.route,
        reception: { place: arrival.place, metBy: arrival.metBy },
      },
      riskAssessment: { ...demoCase.risk },
      idempotencyKey: demoCase.key,
    });
    const played: Played = { referralId: referral.id, subjectId: subject.id, consentId: consent.id };
    for (const step of demoCase.steps) await this.playStep(step, played, sender, receiver);
    await this.assertEndsAsWritten(demoCase, sender, played);
  }

  private async playStep(step: DemoStep, played: Played, sender: Party, receiver: Party): Promise<void> {
    const { referralId } = played;
    const change = async (actor: Actor) => ({ referralId, expectedVersion: await this.versionOf(actor, referralId) });
    switch (step.do) {
      case 'submit':
        await this.transitions.submit(sender, await change(sender));
        return;
      case 'accept':
        await this.transitions.accept(receiver, await change(receiver));
        return;
      case 'decline':
        await this.transitions.decline(receiver, { ...(await change(receiver)), reason: step.reason });
        return;
      case 'cancel':
        await this.transitions.cancel(sender, { ...(await change(sender)), reason: step.reason });
        return;
      case 'recordArrival':
        played.arrivedOn = addDays(this.clock.today(), -step.daysAgo);
        await this.transitions.recordArrival(receiver, { ...(await change(receiver)), arrivedOn: played.arrivedOn });
        return;
      case 'reportFirstFollowUp':
        await this.followUpReports.submit(receiver, {
          followUpId: await this.firstFollowUpOf(receiver, referralId),
          report: FIRST_FOLLOW_UP_REPORT(played.arrivedOn ?? this.clock.today()),
        });
        return;
      case 'close':
        await this.transitions.close(receiver, { ...(await change(receiver)), reason: step.reason });
        return;
      case 'message':
        await this.messages.send(step.by === 'sender' ? sender : receiver, { referralId, body: step.body });
        return;
      case 'withdrawConsent':
        await this.consents.withdraw(sender, { consentId: played.consentId, reason: step.reason });
        return;
      case 'erasePerson':
        await this.subjects.erase(sender, { subjectId: played.subjectId, reason: step.reason });
        return;
    }
  }

  /** The book and the rules must agree: a case that ends elsewhere than written means one of them changed. */
  private async assertEndsAsWritten(demoCase: DemoCase, sender: Party, played: Played): Promise<void> {
    const status = await this.tenants.run(sender, async (manager) => {
      const referral = await manager.getRepository(ReferralEntity).findOneByOrFail({ id: played.referralId });
      const consent = await manager.getRepository(ConsentEntity).findOneBy({ id: played.consentId });
      return statusAt(referral.status, consent, this.clock.now());
    });
    if (status !== demoCase.endsIn) throw new Error(`Demo case ${demoCase.key} ended in ${status}, not ${demoCase.endsIn}.`);
  }

  private async playedBefore(sender: Party, key: string): Promise<boolean> {
    const rows = await this.tenants.run(sender, (manager) =>
      manager.query('SELECT 1 FROM idempotency_keys WHERE organisation_id = $1 AND key = $2', [sender.organisationId, key]),
    );
    return rows.length > 0;
  }

  private async versionOf(actor: Actor, referralId: string): Promise<number> {
    return this.tenants.run(
      actor,
      async (manager) => (await manager.getRepository(ReferralEntity).findOneByOrFail({ id: referralId })).version,
    );
  }

  private async firstFollowUpOf(receiver: Actor, referralId: string): Promise<string> {
    const [row] = await this.tenants.run(receiver, (manager) =>
      manager.query('SELECT id FROM follow_ups WHERE referral_id = $1 AND sequence = 1', [referralId]),
    );
    if (!row) throw new Error(`The demo referral ${referralId} has no first follow-up.`);
    return row.id;
  }

  /** The organisation's first case worker, acting as the API would let them act. */
  private async caseWorkerOf(organisation: string): Promise<Party> {
    const [row] = await this.tenants.dataSource.query(
      `SELECT m.id, m.organisation_id, o.country FROM members m JOIN organisations o ON o.id = m.organisation_id
       WHERE o.name = $1 AND $2 = ANY (m.roles) AND m.removed_at IS NULL ORDER BY m.created_at LIMIT 1`,
      [organisation, Role.CASE_WORKER],
    );
    if (!row) throw new Error(`The demo network has no case worker at ${organisation}.`);
    return { memberId: row.id, organisationId: row.organisation_id, roles: [Role.CASE_WORKER], tokenId: '', country: row.country };
  }
}
