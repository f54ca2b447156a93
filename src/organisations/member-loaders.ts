import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { RequestScope } from '../graphql/request-loaders.js';
import { AuditEventEntity } from '../audit/audit-event.entity.js';
import { ApiTokenEntity } from './api-token.entity.js';

/** The most recent events on a member's tokens that a member is shown. */
export const TOKEN_EVENTS_SHOWN = 50;

/** Batches for the fields of members; one instance per request (RequestLoaders.of). */
export class MemberLoaders {
  constructor(private readonly scope: RequestScope) {}

  readonly tokens = new DataLoader<string, ApiTokenEntity[]>((memberIds) =>
    this.scope.read(async (manager, actor) => {
      const rows = await manager
        .getRepository(ApiTokenEntity)
        .find({ where: { organisationId: actor.organisationId, memberId: In([...memberIds]) }, order: { createdAt: 'DESC' } });
      return memberIds.map((memberId) => rows.filter((row) => row.memberId === memberId));
    }),
  );

  /** The audit events on each member's tokens (issued, revoked), newest first. */
  readonly tokenEvents = new DataLoader<string, AuditEventEntity[]>((memberIds) =>
    this.scope.read(async (manager, actor) => {
      const rows: (AuditEventEntity & { tokenMemberId: string })[] = await manager
        .getRepository(AuditEventEntity)
        .createQueryBuilder('e')
        .innerJoin(ApiTokenEntity, 't', 't.id = e.entity_id AND t.organisation_id = e.organisation_id')
        .addSelect('t.member_id', 'token_member_id')
        .where("e.organisation_id = :organisationId AND e.entity = 'api_token' AND t.member_id IN (:...memberIds)", {
          organisationId: actor.organisationId,
          memberIds: [...memberIds],
        })
        .orderBy('e.sequence', 'DESC')
        .getRawAndEntities()
        .then(({ raw, entities }) => entities.map((event, i) => Object.assign(event, { tokenMemberId: raw[i].token_member_id })));
      return memberIds.map((memberId) => rows.filter((row) => row.tokenMemberId === memberId).slice(0, TOKEN_EVENTS_SHOWN));
    }),
  );
}
