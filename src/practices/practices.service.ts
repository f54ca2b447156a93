import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../common/errors.js';
import { TenantDatabase } from '../database/tenant-database.js';
import { EventEntity, EventType } from '../events/event-type.js';
import { Outbox } from '../events/outbox.js';
import { MeetingsService } from '../meetings/meetings.service.js';
import { OrganisationEntity } from '../organisations/organisation.entity.js';
import { ArchivePracticeInput, CreatePracticeInput, PublishPracticeInput, UpdatePracticeInput } from './dto/practice.inputs.js';
import { checkPracticeTransition } from './practice-lifecycle.js';
import { PracticeRevisionEntity } from './practice-revision.entity.js';
import { PracticeStatus } from './practice-status.js';
import { PracticeEntity } from './practice.entity.js';
import { searchConfigurationFor } from './search-language.js';
import { Idempotency } from '../database/idempotency.js';

// The database's clock, to the microsecond, so that lists ordered by these times keep the order of events.
const NOW = () => 'now()';

/** Writing best-practice records: the author organisation's PRACTICE_EDITORs and ORG_ADMINs. */
@Injectable()
export class PracticesService {
  constructor(
    private readonly tenants: TenantDatabase,
    private readonly idempotency: Idempotency,
    private readonly audit: AuditService,
    private readonly meetings: MeetingsService,
    private readonly outbox: Outbox,
  ) {}

  /** A record the actor may see: published, or their own organisation's. Anything else is NOT_FOUND. */
  get(actor: Actor, id: string): Promise<PracticeEntity> {
    return this.tenants.run(actor, (manager) => this.findVisible(manager, id));
  }

  async findVisible(manager: EntityManager, id: string, options: { lock?: boolean } = {}): Promise<PracticeEntity> {
    // Row-level security already hides other organisations' drafts; the WHERE says so in the service too.
    const query = manager
      .getRepository(PracticeEntity)
      .createQueryBuilder('p')
      .where('p.id = :id', { id })
      .andWhere('(p.status = :published OR p.organisation_id = app_organisation_id())', { published: PracticeStatus.PUBLISHED });
    if (options.lock) query.setLock('pessimistic_write');
    const practice = await query.getOne();
    if (!practice) throw new NotFoundError('Practice');
    return practice;
  }

  create(actor: Actor, input: CreatePracticeInput): Promise<PracticeEntity> {
    return this.tenants.run(actor, (manager) =>
      this.idempotency.create(
        manager,
        { name: 'createPractice', organisationId: actor.organisationId, input },
        (id) => manager.getRepository(PracticeEntity).findOneByOrFail({ id }),
        async () => {
          await this.checkReferences(manager, input);
          const { meetingId, contactOrganisationId, idempotencyKey: _key, ...fields } = input;
          const practices = manager.getRepository(PracticeEntity);
          const practice = practices.create({
            ...fields,
            searchConfig: searchConfigurationFor(input.language),
            organisationId: actor.organisationId,
            authorMemberId: actor.memberId,
            meetingId: meetingId ?? null,
            contactOrganisationId: contactOrganisationId ?? actor.organisationId,
            status: PracticeStatus.DRAFT,
            revision: 1,
            publishedAt: null,
            archivedAt: null,
          });
          await practices.insert(practice);
          await this.audit.record(manager, { action: 'practice.create', entity: 'practice', entityId: practice.id });
          return practice;
        },
      ),
    );
  }

  /**
   * Edits a draft in place. Editing the text of a published record first keeps
   * the text it replaces as a revision, with who replaced it and when.
   */
  update(actor: Actor, input: UpdatePracticeInput): Promise<PracticeEntity> {
    return this.tenants.run(actor, async (manager) => {
      const practice = await this.findOwn(manager, actor, input.id);
      if (practice.status === PracticeStatus.ARCHIVED) throw new ConflictError('An archived practice cannot be edited.');
      await this.checkReferences(manager, input);
      const { id, ...requested } = input;
      const changes: Partial<PracticeEntity> = Object.fromEntries(Object.entries(requested).filter(([, value]) => value !== undefined));
      if (input.language) changes.searchConfig = searchConfigurationFor(input.language);
      const textChanged = (['title', 'summary', 'body'] as const).some(
        (field) => changes[field] !== undefined && changes[field] !== practice[field],
      );
      if (practice.status === PracticeStatus.PUBLISHED && textChanged) {
        await manager.getRepository(PracticeRevisionEntity).insert({
          practiceId: id,
          organisationId: practice.organisationId,
          number: practice.revision,
          title: practice.title,
          summary: practice.summary,
          body: practice.body,
          revisedByMemberId: actor.memberId,
          revisedAt: NOW,
        });
        changes.revision = practice.revision + 1;
      }
      await manager.getRepository(PracticeEntity).update({ id }, changes);
      await this.audit.record(manager, { action: 'practice.update', entity: 'practice', entityId: id });
      return this.findVisible(manager, id);
    });
  }

  publish(actor: Actor, input: PublishPracticeInput): Promise<PracticeEntity> {
    return this.transition(actor, input.id, PracticeStatus.PUBLISHED, 'practice.publish', { publishedAt: NOW });
  }

  archive(actor: Actor, input: ArchivePracticeInput): Promise<PracticeEntity> {
    return this.transition(actor, input.id, PracticeStatus.ARCHIVED, 'practice.archive', { archivedAt: NOW });
  }

  private transition(
    actor: Actor,
    id: string,
    to: PracticeStatus,
    action: string,
    stamp: QueryDeepPartialEntity<PracticeEntity>,
  ): Promise<PracticeEntity> {
    return this.tenants.run(actor, async (manager) => {
      const practice = await this.findOwn(manager, actor, id);
      checkPracticeTransition(practice.status, to);
      await manager.getRepository(PracticeEntity).update({ id }, { status: to, ...stamp });
      await this.audit.record(manager, { action, entity: 'practice', entityId: id });
      if (to === PracticeStatus.PUBLISHED) await this.announcePublished(manager, actor, id);
      return this.findVisible(manager, id);
    });
  }

  /** A published practice is the network's: every active organisation hears of it. */
  private async announcePublished(manager: EntityManager, actor: Actor, id: string): Promise<void> {
    const organisations = await manager.getRepository(OrganisationEntity).find({ where: { active: true }, select: { id: true } });
    await this.outbox.announce(manager, {
      type: EventType.PRACTICE_PUBLISHED,
      recipients: organisations.map((organisation) => organisation.id),
      actorOrganisationId: actor.organisationId,
      about: { entity: EventEntity.PRACTICE, id },
    });
  }

  /** The actor's own record, locked for the change. Another organisation's published record is FORBIDDEN; the rest NOT_FOUND. */
  private async findOwn(manager: EntityManager, actor: Actor, id: string): Promise<PracticeEntity> {
    const practice = await this.findVisible(manager, id);
    if (practice.organisationId !== actor.organisationId) {
      throw new ForbiddenError('Only the author organisation changes a practice.');
    }
    // Locked only now: FOR UPDATE skips the rows the update policy excludes, which would turn FORBIDDEN into NOT_FOUND.
    return this.findVisible(manager, id, { lock: true });
  }

  private async checkReferences(
    manager: EntityManager,
    input: { meetingId?: string | null; contactOrganisationId?: string },
  ): Promise<void> {
    if (input.meetingId) await this.meetings.find(manager, input.meetingId);
    if (input.contactOrganisationId) {
      const contact = await manager.getRepository(OrganisationEntity).findOneBy({ id: input.contactOrganisationId, active: true });
      if (!contact) throw new NotFoundError('Contact organisation');
    }
  }
}
