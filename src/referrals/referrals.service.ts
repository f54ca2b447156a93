import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { Clock } from '../common/clock.js';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../common/errors.js';
import { ConsentEntity } from '../consents/consent.entity.js';
import { TenantDatabase } from '../database/tenant-database.js';
import { OrganisationEntity } from '../organisations/organisation.entity.js';
import { PartnerRegistry } from '../partners/partner-registry.js';
import { parseNationalFields, validateReferralFields } from '../partners/referral-fields.js';
import { PersonalDataKind, recordContext } from '../personal-data/personal-data-kind.js';
import { PersonalDataVault } from '../personal-data/personal-data-vault.js';
import { SubjectEntity } from '../subjects/subject.entity.js';
import { CreateReferralInput, UpdateReferralDraftInput } from './dto/referral.inputs.js';
import { ReferralsArgs } from './dto/referrals.args.js';
import { Idempotency } from '../database/idempotency.js';
import { operationRows } from '../database/operation-rows.js';
import { ageBand } from './referral-facts.js';
import { ReferralHistory } from './referral-history.js';
import { ReferralParty, ReferralStatus } from './referral-lifecycle.js';
import { ListedReferral, ReferralPages } from './referral-page.js';
import { ReferralEntity } from './referral.entity.js';

type ReferralContent = Pick<CreateReferralInput, 'needs' | 'caseHistory' | 'returnPlan' | 'riskAssessment'>;

@Injectable()
export class ReferralsService {
  constructor(
    private readonly tenants: TenantDatabase,
    private readonly vault: PersonalDataVault,
    private readonly history: ReferralHistory,
    private readonly partners: PartnerRegistry,
    private readonly idempotency: Idempotency,
    private readonly clock: Clock,
    private readonly pages: ReferralPages,
  ) {}

  /** A draft, which only the sender sees until it is submitted. */
  create(actor: Actor, input: CreateReferralInput): Promise<ReferralEntity> {
    return this.idempotency.once(input.idempotencyKey, () =>
      this.tenants.run(actor, async (manager) => {
        const keyed = { organisationId: actor.organisationId, key: input.idempotencyKey!, operation: 'createReferral', input };
        const earlier = input.idempotencyKey && (await this.idempotency.find(manager, keyed));
        if (earlier) return this.answerOf(manager, await this.find(manager, actor, earlier));

        const subject = await this.ownSubject(manager, actor, input.subjectId);
        const consent = await this.ownConsent(manager, actor, input.consentId, subject.id);
        const { sender, receiver } = await this.parties(manager, actor, input.receiverOrganisationId);
        this.assertNationalFieldsWellFormed(sender.country, input);

        const [{ reference }] = await manager.query('SELECT next_referral_reference($1) AS reference', [sender.country]);
        const referrals = manager.getRepository(ReferralEntity);
        const referral = referrals.create({
          reference,
          senderOrganisationId: actor.organisationId,
          receiverOrganisationId: receiver.id,
          subjectId: subject.id,
          consentId: input.consentId,
          status: ReferralStatus.DRAFT,
          version: 1,
          exploitationTypes: input.caseHistory?.exploitationTypes ?? [],
          riskLevel: input.riskAssessment?.level ?? null,
          senderCountry: sender.country,
          receiverCountry: receiver.country,
          ageBand: await this.ageBandOf(manager, subject.id),
          gender: subject.gender,
          createdByMemberId: actor.memberId,
          submittedAt: null,
          arrivedOn: null,
          statusReasonSealed: null,
        });
        await referrals.insert(referral);
        operationRows.remember(manager, ReferralEntity, referral.id, referral);
        await this.writeContent(manager, subject, referral.id, { ...input, needs: input.needs ?? [] });
        await this.history.record(manager, actor, referral, { type: 'CREATED', toStatus: ReferralStatus.DRAFT });
        if (input.idempotencyKey) await this.idempotency.remember(manager, keyed, referral.id);
        return Object.assign(referral, { consent, sender, receiver });
      }),
    );
  }

  updateDraft(actor: Actor, input: UpdateReferralDraftInput): Promise<ReferralEntity> {
    return this.tenants.run(actor, async (manager) => {
      const referral = await this.find(manager, actor, input.referralId, { lock: true });
      if (referral.senderOrganisationId !== actor.organisationId)
        throw new ForbiddenError('Only the sending organisation edits a referral.');
      if (referral.status !== ReferralStatus.DRAFT)
        throw new ConflictError(`The referral is ${referral.status}: only a draft can be edited.`);
      assertVersion(referral, input.expectedVersion);
      const subject = await this.ownSubject(manager, actor, referral.subjectId);
      const consent = input.consentId ? await this.ownConsent(manager, actor, input.consentId, subject.id) : undefined;
      const receiver = input.receiverOrganisationId ? (await this.parties(manager, actor, input.receiverOrganisationId)).receiver : null;
      this.assertNationalFieldsWellFormed(referral.senderCountry, input);

      const changes: Partial<ReferralEntity> = {
        version: referral.version + 1,
        ...(input.consentId && { consentId: input.consentId }),
        ...(receiver && { receiverOrganisationId: receiver.id, receiverCountry: receiver.country }),
        ...(input.caseHistory && { exploitationTypes: input.caseHistory.exploitationTypes }),
        ...(input.riskAssessment && { riskLevel: input.riskAssessment.level }),
      };
      await manager.getRepository(ReferralEntity).update({ id: referral.id }, changes);
      await this.writeContent(manager, subject, referral.id, input);
      await this.history.record(manager, actor, referral, { type: 'UPDATED' });
      return this.answerOf(manager, Object.assign(referral, changes, consent && { consent }, receiver && { receiver }));
    });
  }

  /**
   * The referral as a mutation answers it, with what its fields need read in the mutation's own transaction: the
   * consent (its status depends on it), sender and receiver. Read after the commit, in a transaction of their own,
   * they could fail on a dropped connection and tell the client SERVICE_UNAVAILABLE for a write that was saved.
   */
  async answerOf(manager: EntityManager, referral: ReferralEntity): Promise<ReferralEntity> {
    referral.consent ??= await manager.getRepository(ConsentEntity).findOneBy({ id: referral.consentId });
    const missing = [referral.sender ?? referral.senderOrganisationId, referral.receiver ?? referral.receiverOrganisationId];
    const ids = missing.filter((id): id is string => typeof id === 'string');
    if (ids.length > 0) {
      // Both parties in one read.
      const found = await manager.getRepository(OrganisationEntity).findBy({ id: In(ids) });
      referral.sender ??= found.find((organisation) => organisation.id === referral.senderOrganisationId) ?? null;
      referral.receiver ??= found.find((organisation) => organisation.id === referral.receiverOrganisationId) ?? null;
    }
    return referral;
  }

  /** A referral the actor may see, as a mutation answers it. */
  answerFor(actor: Actor, id: string): Promise<ReferralEntity> {
    return this.tenants.run(actor, async (manager) => this.answerOf(manager, await this.find(manager, actor, id)));
  }

  /** A referral the actor may see, with its neighbours to prime the request's loaders (see ReferralPages.one); or NOT_FOUND. */
  get(actor: Actor, id: string): Promise<ListedReferral> {
    return this.tenants.run(actor, async (manager) => {
      const referral = await this.pages.one(manager, id, { today: this.clock.today() });
      if (!referral || partyOf(referral, actor) === null) throw new NotFoundError('Referral');
      return referral;
    });
  }

  /** What a page's selection may ask for to be read narrowly (list's `narrow`). */
  narrowPageShape() {
    return this.pages.narrowShape();
  }

  /** INBOX: submitted referrals addressed to you; OUTBOX: the ones you sent, drafts included. Most recently changed first. */
  list(actor: Actor, args: ReferralsArgs, narrow = false) {
    return this.pages.read(actor, args, { now: this.clock.now(), today: this.clock.today() }, narrow);
  }

  /**
   * A referral the actor may see, or NOT_FOUND: for a third organisation exactly as for an id that does not exist.
   * `lock` locks its row (not its neighbours') until the commit;
   * `withNeighbours` reads in the same statement what a transition needs of its neighbours and answerOf answers:
   * its consent (null where the actor may not see it) and both organisations.
   */
  async find(
    manager: EntityManager,
    actor: Actor,
    id: string,
    options: { lock?: boolean; withNeighbours?: boolean } = {},
  ): Promise<ReferralEntity> {
    // Made by an earlier step of the operation: no one else can see it, let alone lock it, and create gave it its
    // neighbours.
    const made = operationRows.recall(manager, ReferralEntity, id);
    if (made && partyOf(made, actor) !== null) return made;
    const query = manager.getRepository(ReferralEntity).createQueryBuilder('r').where('r.id = :id', { id });
    if (options.withNeighbours) {
      query.leftJoinAndSelect('r.consent', 'consent').leftJoinAndSelect('r.sender', 'sender').leftJoinAndSelect('r.receiver', 'receiver');
    }
    if (options.lock) query.setLock('pessimistic_write', undefined, ['r']);
    const referral = await query.getOne();
    if (!referral || partyOf(referral, actor) === null) throw new NotFoundError('Referral');
    return referral;
  }

  /** From the date of birth sealed in the person's identity, opened for this alone. */
  private async ageBandOf(manager: EntityManager, subjectId: string): Promise<string | null> {
    const address = { subjectId, referralId: null, kind: PersonalDataKind.IDENTITY };
    const identity = (await this.vault.readForService(manager, [address])).get(recordContext(subjectId, null, PersonalDataKind.IDENTITY));
    return ageBand((identity as { dateOfBirth?: string } | undefined)?.dateOfBirth, this.clock.now());
  }

  async writeContent(manager: EntityManager, subject: SubjectEntity, referralId: string, content: ReferralContent): Promise<void> {
    await this.vault.writeRecords(manager, subject, referralId, {
      [PersonalDataKind.NEEDS]: content.needs,
      [PersonalDataKind.CASE_HISTORY]: content.caseHistory,
      [PersonalDataKind.RETURN_PLAN]: content.returnPlan,
      [PersonalDataKind.RISK_ASSESSMENT]: content.riskAssessment,
    });
  }

  private assertNationalFieldsWellFormed(senderCountry: string, content: ReferralContent): void {
    const profile = this.partners.get(senderCountry);
    if (!profile || !content.caseHistory) return;
    const values = parseNationalFields(profile, content.caseHistory.nationalFields);
    const entries = content.caseHistory.nationalFields;
    const problems = validateReferralFields(profile, values, { requireAll: false }).map(({ key, constraint, message }) => {
      // The last entry with the key is the one whose value counts (the values were built from the entries in order).
      const index = entries.map((entry) => entry.key).lastIndexOf(key);
      const path = ['input', 'caseHistory', 'nationalFields', index, constraint === 'partnerProfileUnknownField' ? 'key' : 'value'];
      return { path, constraint, message };
    });
    if (problems.length > 0) throw BadUserInputError.listing('Invalid national fields', problems);
  }

  private async ownSubject(manager: EntityManager, actor: Actor, id: string): Promise<SubjectEntity> {
    const subject = await operationRows.findOwn(manager, SubjectEntity, id, actor.organisationId);
    if (!subject) throw new NotFoundError('Subject');
    if (subject.erasedAt) throw new ConflictError("The person's data has been erased: no referral can be made.");
    return subject;
  }

  private async ownConsent(manager: EntityManager, actor: Actor, id: string, subjectId: string): Promise<ConsentEntity> {
    const consent = await operationRows.findOwn(manager, ConsentEntity, id, actor.organisationId);
    if (!consent) throw new NotFoundError('Consent');
    if (consent.subjectId !== subjectId)
      throw BadUserInputError.at(['input', 'consentId'], 'sameSubject', 'consentId must be a consent given by the same person.');
    return consent;
  }

  /** The sending (own) and the receiving organisation, in one read. */
  private async parties(
    manager: EntityManager,
    actor: Actor,
    receiverId: string,
  ): Promise<{ sender: OrganisationEntity; receiver: OrganisationEntity }> {
    if (receiverId === actor.organisationId)
      throw BadUserInputError.at(
        ['input', 'receiverOrganisationId'],
        'notOwnOrganisation',
        'A referral goes to another organisation than your own.',
      );
    const both = await manager.getRepository(OrganisationEntity).findBy({ id: In([actor.organisationId, receiverId]) });
    const receiver = both.find((organisation) => organisation.id === receiverId);
    if (!receiver) throw new NotFoundError('Receiving organisation');
    return { sender: both.find((organisation) => organisation.id === actor.organisationId)!, receiver };
  }
}

/**
 * The receiver is a party once the referral was submitted, and only then: a
 * draft the sender cancelled, or that stopped when consent was withdrawn, left
 * DRAFT without ever being sent, and stays the sender's alone.
 */
export function partyOf(
  referral: Pick<ReferralEntity, 'senderOrganisationId' | 'receiverOrganisationId' | 'submittedAt'>,
  actor: Actor,
): ReferralParty | null {
  if (referral.senderOrganisationId === actor.organisationId) return ReferralParty.SENDER;
  if (referral.receiverOrganisationId === actor.organisationId && referral.submittedAt !== null) return ReferralParty.RECEIVER;
  return null;
}

export function assertVersion(referral: ReferralEntity, expectedVersion: number): void {
  if (referral.version !== expectedVersion) {
    throw new ConflictError(
      `The referral was changed since you read it: it is at version ${referral.version}, not ${expectedVersion}. Reload it and try again.`,
    );
  }
}
