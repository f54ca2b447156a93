import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { RequestScope } from '../graphql/request-loaders.js';
import { ApiTokenEntity } from './api-token.entity.js';

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
}
