import { randomUUID } from 'node:crypto';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager, In, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { Clock } from '../common/clock.js';
import { BadUserInputError, ConflictError, InputProblem, NotFoundError } from '../common/errors.js';
import { TenantDatabase } from '../database/tenant-database.js';
import { OrganisationEntity } from '../organisations/organisation.entity.js';
import { PartnerRegistry } from '../partners/partner-registry.js';
import { PersonalDataVault } from '../personal-data/personal-data-vault.js';
import { SEALED_NOTE } from '../personal-data/sealed-notes.js';
import { SubjectErased } from '../subjects/subject-erased.js';
import { SubjectEntity } from '../subjects/subject.entity.js';
import { ConsentEntity } from './consent.entity.js';
import { ConsentsEnded } from './consents-ended.js';
import { RecordConsentInput, WithdrawConsentInput } from './dto/consent.inputs.js';
import { Idempotency } from '../database/idempotency.js';
import { operationRows } from '../database/operation-rows.js';

// Clocks differ between a case worker's laptop and the server.
const CLOCK_SKEW_MS = 5 * 60 * 1000;
const ERASED_NOTE = "The person's data was erased at the request of the owning organisation.";

@Injectable()
export class ConsentsService implements OnModuleInit {
  constructor(
    private readonly tenants: TenantDatabase,
    private readonly idempotency: Idempotency,
    private readonly audit: AuditService,
    private readonly partners: PartnerRegistry,
    private readonly ended: ConsentsEnded,
    private readonly subjectErased: SubjectErased,
    private readonly vault: PersonalDataVault,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.subjectErased.add((manager, { actor, subject }) => this.endWithErasure(manager, actor, subject));
  }

  record(actor: Actor, input: RecordConsentInput): Promise<ConsentEntity> {
    return this.tenants.run(actor, (manager) =>
      this.idempotency.create(
        manager,
        { name: 'recordConsent', organisationId: actor.organisationId, input },
        (id) => manager.getRepository(ConsentEntity).findOneByOrFail({ id }),
        async () => {
          const subject = await operationRows.findOwn(manager, SubjectEntity, input.subjectId, actor.organisationId);
          if (!subject) throw new NotFoundError('Subject');
          if (subject.erasedAt) throw new ConflictError("The person's data has been erased: no consent can be recorded.");
          // The recipients and the own organisation (whose partner profile sets the consent languages) in one read.
          const organisations = await manager
            .getRepository(OrganisationEntity)
            .findBy({ id: In([...new Set([...input.recipientOrganisationIds, actor.organisationId])]) });
          const own = organisations.find((organisation) => organisation.id === actor.organisationId)!;
          const problems = [
            ...this.recipientProblems(organisations, actor, input.recipientOrganisationIds),
            ...this.termProblems(own, input),
          ];
          if (problems.length > 0) throw BadUserInputError.listing('The consent cannot be recorded', problems);

          const consents = manager.getRepository(ConsentEntity);
          const consent = consents.create({
            organisationId: actor.organisationId,
            subjectId: subject.id,
            recipientOrganisationIds: input.recipientOrganisationIds,
            purposes: input.purposes,
            categories: input.categories,
            givenAt: input.givenAt,
            expiresAt: input.expiresAt ?? null,
            language: input.language,
            interpreterPresent: input.interpreterPresent,
            formReferenceSealed: null,
            recordedByMemberId: actor.memberId,
            withdrawnAt: null,
            withdrawnByMemberId: null,
            withdrawalReasonSealed: null,
          });
          consent.id = randomUUID();
          consent.formReferenceSealed = await this.vault.seal(
            manager,
            subject.id,
            SEALED_NOTE.formReference(consent.id),
            input.formReference,
          );
          await consents.insert(consent);
          operationRows.remember(manager, ConsentEntity, consent.id, consent);
          await this.audit.record(manager, { action: 'consent.record', entity: 'consent', entityId: consent.id });
          return consent;
        },
      ),
    );
  }

  /** Takes effect at once: the next request of any recipient no longer sees the data, and open referrals stop. */
  withdraw(actor: Actor, input: WithdrawConsentInput): Promise<ConsentEntity> {
    return this.tenants.run(actor, async (manager) => {
      const consents = manager.getRepository(ConsentEntity);
      const consent = await consents.findOne({
        where: { id: input.consentId, organisationId: actor.organisationId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!consent) throw new NotFoundError('Consent');
      if (consent.withdrawnAt) throw new ConflictError('The consent has already been withdrawn.');
      const withdrawalReasonSealed = await this.vault.seal(
        manager,
        consent.subjectId,
        SEALED_NOTE.withdrawalReason(consent.id),
        input.reason,
        await this.vault.keyOf(manager, consent.subjectId, "The person's data has been erased: their consents ended with it."),
      );
      const withdrawal = { withdrawnAt: this.clock.now(), withdrawnByMemberId: actor.memberId, withdrawalReasonSealed };
      await consents.update({ id: consent.id }, withdrawal);
      Object.assign(consent, withdrawal);
      await this.ended.run(manager, { actor, consentIds: [consent.id], note: 'The person withdrew their consent.' });
      await this.audit.record(manager, { action: 'consent.withdraw', entity: 'consent', entityId: consent.id });
      return consent;
    });
  }

  /** The person's consents, newest first (for the owning organisation: others see none). */
  ofSubject(actor: Actor, subjectId: string): Promise<ConsentEntity[]> {
    return this.tenants.run(actor, (manager) =>
      manager.getRepository(ConsentEntity).find({ where: { subjectId, organisationId: actor.organisationId }, order: { givenAt: 'DESC' } }),
    );
  }

  /** An erased person's active consents end with their data, and so do the referrals made under them. */
  private async endWithErasure(manager: EntityManager, actor: Actor, subject: SubjectEntity): Promise<void> {
    const consents = manager.getRepository(ConsentEntity);
    const active = await consents.findBy({ subjectId: subject.id, withdrawnAt: IsNull() });
    for (const consent of active) {
      await consents.update({ id: consent.id }, { withdrawnAt: subject.erasedAt!, withdrawnByMemberId: actor.memberId });
    }
    await this.ended.run(manager, { actor, consentIds: active.map((consent) => consent.id), note: ERASED_NOTE });
  }

  private recipientProblems(found: OrganisationEntity[], actor: Actor, ids: string[]): InputProblem[] {
    const problems: InputProblem[] = [];
    ids.forEach((id, index) => {
      const add = (constraint: string, message: string) =>
        problems.push({ path: ['input', 'recipientOrganisationIds', index], constraint, message });
      const organisation = found.find((o) => o.id === id);
      if (!organisation) add('networkOrganisation', `recipient ${id} is not an organisation of the network`);
      else if (!organisation.active) add('activeOrganisation', `recipient ${organisation.name} is suspended`);
      else if (id === actor.organisationId) add('notOwnOrganisation', 'your own organisation needs no consent to see its own data');
    });
    return problems;
  }

  private termProblems(own: OrganisationEntity, input: RecordConsentInput): InputProblem[] {
    const problems: InputProblem[] = [];
    const add = (field: string, constraint: string, message: string) => problems.push({ path: ['input', field], constraint, message });
    if (input.givenAt.getTime() > this.clock.now().getTime() + CLOCK_SKEW_MS) add('givenAt', 'notInFuture', 'givenAt lies in the future');
    if (input.expiresAt && input.expiresAt <= input.givenAt) add('expiresAt', 'afterGivenAt', 'expiresAt must come after givenAt');
    const languages = this.partners.get(own.country)?.consentLanguages;
    if (languages && !languages.includes(input.language)) {
      add(
        'language',
        'partnerProfileRequires',
        `language must be one a consent can be given in under the ${own.country} profile: ${languages.join(', ')}`,
      );
    }
    return problems;
  }
}
