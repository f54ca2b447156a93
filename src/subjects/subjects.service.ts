import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { Clock } from '../common/clock.js';
import { PageArgs, pageNewestFirst } from '../common/connection.js';
import { conflictOnUniqueViolation } from '../common/database-errors.js';
import { ConflictError, NotFoundError } from '../common/errors.js';
import { SubjectKeys } from '../crypto/subject-keys.js';
import { TenantDatabase } from '../database/tenant-database.js';
import { EraseSubjectInput, RegisterSubjectInput, UpdateSubjectInput } from './dto/subject.inputs.js';
import { PersonalDataKind } from '../personal-data/personal-data-kind.js';
import { PersonalDataVault } from '../personal-data/personal-data-vault.js';
import { newPseudonym } from './pseudonym.js';
import { SubjectAccessEventEntity } from '../personal-data/subject-access-event.entity.js';
import { SubjectErased } from './subject-erased.js';
import { SubjectEntity } from './subject.entity.js';
import { Idempotency } from '../database/idempotency.js';
import { operationRows } from '../database/operation-rows.js';

@Injectable()
export class SubjectsService {
  constructor(
    private readonly tenants: TenantDatabase,
    private readonly idempotency: Idempotency,
    private readonly audit: AuditService,
    private readonly keys: SubjectKeys,
    private readonly vault: PersonalDataVault,
    private readonly erased: SubjectErased,
    private readonly clock: Clock,
  ) {}

  register(actor: Actor, input: RegisterSubjectInput): Promise<SubjectEntity> {
    return this.tenants.run(actor, (manager) =>
      this.idempotency.create(
        manager,
        { name: 'registerSubject', organisationId: actor.organisationId, input },
        (id) => manager.getRepository(SubjectEntity).findOneByOrFail({ id }),
        async () => {
          const subjects = manager.getRepository(SubjectEntity);
          const subject = subjects.create({
            organisationId: actor.organisationId,
            pseudonym: newPseudonym(),
            nationality: input.nationality,
            countryOfReturn: input.countryOfReturn,
            gender: input.identity.gender,
            registeredByMemberId: actor.memberId,
            erasedAt: null,
          });
          await subjects.insert(subject).catch((error) => conflictOnUniqueViolation(error, { UQ_subjects_pseudonym: 'Please try again.' }));
          operationRows.remember(manager, SubjectEntity, subject.id, subject);
          const dataKey = await this.keys.create(manager, subject);
          await this.vault.writeRecords(
            manager,
            subject,
            null,
            {
              [PersonalDataKind.IDENTITY]: input.identity,
              [PersonalDataKind.CONTACT]: input.contact,
              [PersonalDataKind.HEALTH]: input.health,
            },
            dataKey,
          );
          await this.audit.record(manager, { action: 'subject.register', entity: 'subject', entityId: subject.id });
          return subject;
        },
      ),
    );
  }

  updatePersonalData(actor: Actor, input: UpdateSubjectInput): Promise<SubjectEntity> {
    return this.tenants.run(actor, async (manager) => {
      const subject = await this.findOwned(manager, actor, input.subjectId);
      if (subject.erasedAt) throw new ConflictError("The person's data has been erased: nothing can be added to it.");
      await this.vault.writeRecords(manager, subject, null, {
        [PersonalDataKind.IDENTITY]: input.identity,
        [PersonalDataKind.CONTACT]: input.contact,
        [PersonalDataKind.HEALTH]: input.health,
      });
      if (input.identity) {
        await manager.getRepository(SubjectEntity).update({ id: subject.id }, { gender: input.identity.gender });
        subject.gender = input.identity.gender;
      }
      await this.audit.record(manager, { action: 'subject.update', entity: 'subject', entityId: subject.id });
      return subject;
    });
  }

  get(actor: Actor, id: string): Promise<SubjectEntity> {
    return this.tenants.run(actor, (manager) => this.findOwned(manager, actor, id));
  }

  /** The organisation's own subjects, most recently registered first. */
  list(actor: Actor, page: PageArgs) {
    return this.tenants.run(actor, async (manager) => {
      const query = manager
        .getRepository(SubjectEntity)
        .createQueryBuilder('s')
        .where('s.organisation_id = :organisationId', { organisationId: actor.organisationId });
      return pageNewestFirst(query, 'registered_at', page);
    });
  }

  /**
   * Destroys the data key: every copy of the person's data, backups included,
   * is unreadable from now on. Consents end and open referrals stop; the
   * non-personal facts stay for statistics.
   */
  erase(actor: Actor, input: EraseSubjectInput): Promise<SubjectEntity> {
    return this.tenants.run(actor, async (manager) => {
      const subject = await this.findOwned(manager, actor, input.subjectId);
      if (subject.erasedAt) throw new ConflictError("The person's data has already been erased.");
      await this.keys.destroy(manager, subject.id);
      subject.erasedAt = this.clock.now();
      await manager.getRepository(SubjectEntity).update({ id: subject.id }, { erasedAt: subject.erasedAt });
      await this.erased.run(manager, { actor, subject });
      await this.audit.record(manager, { action: 'subject.erase', entity: 'subject', entityId: subject.id });
      return subject;
    });
  }

  /** Who read the person's data, newest first: for the owning organisation only. */
  accessLog(actor: Actor, subjectId: string, page: PageArgs) {
    return this.tenants.run(actor, async (manager) => {
      await this.findOwned(manager, actor, subjectId);
      const query = manager
        .getRepository(SubjectAccessEventEntity)
        .createQueryBuilder('e')
        .where('e.organisation_id = :organisationId AND e.subject_id = :subjectId', { organisationId: actor.organisationId, subjectId });
      return pageNewestFirst(query, 'occurred_at', page);
    });
  }

  private async findOwned(manager: EntityManager, actor: Actor, id: string): Promise<SubjectEntity> {
    const subject = await operationRows.findOwn(manager, SubjectEntity, id, actor.organisationId);
    if (!subject) throw new NotFoundError('Subject');
    return subject;
  }
}
