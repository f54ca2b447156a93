import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { ConnectionOf, PageWindow, toConnection } from '../common/connection.js';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../common/errors.js';
import { TenantDatabase } from '../database/tenant-database.js';
import { EventEntity, EventType } from '../events/event-type.js';
import { Outbox } from '../events/outbox.js';
import { OrganisationEntity } from '../organisations/organisation.entity.js';
import { CreateMeetingInput, MeetingParticipantInput, UpdateMeetingInput } from './dto/meeting.inputs.js';
import { MeetingsArgs } from './dto/meetings.args.js';
import { ExpertMeetingEntity } from './expert-meeting.entity.js';
import { checkMeetingStatus, today } from './meeting-lifecycle.js';
import { MeetingParticipantEntity } from './meeting-participant.entity.js';
import { MeetingPeriod, MeetingStatus } from './meeting-status.js';
import { Idempotency } from '../database/idempotency.js';

@Injectable()
export class MeetingsService {
  constructor(
    private readonly tenants: TenantDatabase,
    private readonly idempotency: Idempotency,
    private readonly audit: AuditService,
    private readonly outbox: Outbox,
  ) {}

  /** Upcoming meetings (not yet over) soonest first, or past ones most recent first. */
  list(actor: Actor, args: MeetingsArgs): Promise<ConnectionOf<ExpertMeetingEntity>> {
    const upcoming = args.period === MeetingPeriod.UPCOMING;
    const direction = upcoming ? 'ASC' : 'DESC';
    const window = PageWindow.of(args);
    return this.tenants.run(actor, async (manager) => {
      const query = manager
        .getRepository(ExpertMeetingEntity)
        .createQueryBuilder('m')
        .where(upcoming ? 'm.ends_on >= current_date' : 'm.ends_on < current_date')
        .orderBy('m.starts_on', window.order(direction))
        .addOrderBy('m.id', window.order(direction))
        .limit(window.limit);
      if (args.country) query.andWhere('m.country = :country', { country: args.country });
      if (args.status) query.andWhere('m.status = :status', { status: args.status });
      const position = window.position(['date', 'uuid']);
      if (position) {
        const [startsOn, id] = position;
        query.andWhere(`(m.starts_on, m.id) ${window.beyond(direction)} (CAST(:startsOn AS date), CAST(:id AS uuid))`, { startsOn, id });
      }
      return toConnection(await query.getMany(), window, (meeting) => [meeting.startsOn, meeting.id]);
    });
  }

  get(actor: Actor, id: string): Promise<ExpertMeetingEntity> {
    return this.tenants.run(actor, (manager) => this.find(manager, id));
  }

  /** Inside the caller's transaction: the meeting, or NOT_FOUND. Meetings are network-wide. */
  async find(manager: EntityManager, id: string, options: { lock?: boolean } = {}): Promise<ExpertMeetingEntity> {
    const meeting = await manager
      .getRepository(ExpertMeetingEntity)
      .findOne({ where: { id }, lock: options.lock ? { mode: 'pessimistic_write' } : undefined });
    if (!meeting) throw new NotFoundError('Expert meeting');
    return meeting;
  }

  /** The acting organisation hosts the meeting it creates. */
  create(actor: Actor, input: CreateMeetingInput): Promise<ExpertMeetingEntity> {
    checkDates(input.startsOn, input.endsOn);
    checkMeetingStatus(null, input.status, input.startsOn, today());
    return this.tenants.run(actor, (manager) =>
      this.idempotency.create(
        manager,
        { name: 'createMeeting', organisationId: actor.organisationId, input },
        (id) => manager.getRepository(ExpertMeetingEntity).findOneByOrFail({ id }),
        async () => {
          const { participants, idempotencyKey: _key, ...fields } = input;
          const meetings = manager.getRepository(ExpertMeetingEntity);
          const meeting = meetings.create({ ...fields, organisationId: actor.organisationId });
          await meetings.insert(meeting);
          await this.replaceParticipants(manager, actor, meeting.id, participants);
          await this.audit.record(manager, { action: 'expert_meeting.create', entity: 'expert_meeting', entityId: meeting.id });
          return meeting;
        },
      ),
    );
  }

  /** Only the host changes a meeting; a CANCELLED meeting changes no more. */
  update(actor: Actor, input: UpdateMeetingInput): Promise<ExpertMeetingEntity> {
    return this.tenants.run(actor, async (manager) => {
      if ((await this.find(manager, input.id)).organisationId !== actor.organisationId) {
        throw new ForbiddenError('Only the host organisation changes a meeting.');
      }
      // Locked only once known to be ours: FOR UPDATE skips rows the update policy excludes.
      const meeting = await this.find(manager, input.id, { lock: true });
      if (meeting.status === MeetingStatus.CANCELLED) throw new ConflictError('A cancelled meeting cannot be changed.');
      const { id, participants, ...changes } = input;
      const next = { ...meeting, ...definedOnly(changes) };
      checkDates(next.startsOn, next.endsOn);
      checkMeetingStatus(meeting.status, next.status, next.startsOn, today());
      await manager.getRepository(ExpertMeetingEntity).update({ id }, definedOnly(changes));
      if (participants) await this.replaceParticipants(manager, actor, id, participants);
      await this.audit.record(manager, { action: 'expert_meeting.update', entity: 'expert_meeting', entityId: id });
      return this.find(manager, id);
    });
  }

  /** Organisations invited now (not before) hear of their invitation. */
  private async replaceParticipants(
    manager: EntityManager,
    actor: Actor,
    meetingId: string,
    participants: MeetingParticipantInput[],
  ): Promise<void> {
    const repository = manager.getRepository(MeetingParticipantEntity);
    const ids = participants.map((participant) => participant.organisationId);
    const known = ids.length ? await manager.getRepository(OrganisationEntity).countBy({ id: In(ids) }) : 0;
    if (known !== ids.length) throw new NotFoundError('A participant organisation');
    const before = new Set(
      (await repository.find({ where: { meetingId }, select: { organisationId: true } })).map((p) => p.organisationId),
    );
    await this.outbox.announce(manager, {
      type: EventType.MEETING_INVITATION,
      recipients: ids.filter((id) => !before.has(id)),
      actorOrganisationId: actor.organisationId,
      about: { entity: EventEntity.MEETING, id: meetingId },
    });
    await repository.delete({ meetingId });
    if (participants.length) {
      await repository.insert(participants.map((participant) => ({ meetingId, ...participant })));
    }
  }
}

function checkDates(startsOn: string, endsOn: string): void {
  if (endsOn < startsOn) {
    throw BadUserInputError.listing('Invalid input', [
      { path: ['input', 'endsOn'], constraint: 'notBeforeStartsOn', message: 'endsOn must not be before startsOn' },
    ]);
  }
}

function definedOnly<T extends object>(changes: T): Partial<T> {
  return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as Partial<T>;
}
