import DataLoader from 'dataloader';
import { EntityManager, In } from 'typeorm';
import { Actor } from '../auth/actor.js';
import { ApiTokenEntity } from '../auth/api-token.entity.js';
import { AuthenticatedRequest } from '../auth/request-of.js';
import { UnauthenticatedError } from '../common/errors.js';
import { TenantDatabase } from '../database/tenant-database.js';
import { OrganisationEntity } from '../organisations/organisation.entity.js';

/** Runs work in a transaction of the request's actor (see RequestLoaders.of). */
export type ReadAsActor = <T>(work: (manager: EntityManager, actor: Actor) => Promise<T>) => Promise<T>;

/**
 * Batches for nested fields, made anew for each request (in the GraphQL
 * context) so that a page costs the same number of statements whatever its size,
 * and nothing cached outlives the request that may see it.
 */
export class RequestLoaders {
  constructor(
    private readonly tenants: TenantDatabase,
    private readonly request: AuthenticatedRequest,
  ) {}

  readonly organisations = new DataLoader<string, OrganisationEntity | null>((ids) =>
    this.read(async (manager) => {
      const rows = await manager.getRepository(OrganisationEntity).findBy({ id: In([...ids]) });
      return ids.map((id) => rows.find((row) => row.id === id) ?? null);
    }),
  );

  readonly tokensByMember = new DataLoader<string, ApiTokenEntity[]>((memberIds) =>
    this.read(async (manager, actor) => {
      const rows = await manager
        .getRepository(ApiTokenEntity)
        .find({ where: { organisationId: actor.organisationId, memberId: In([...memberIds]) }, order: { createdAt: 'DESC' } });
      return memberIds.map((memberId) => rows.filter((row) => row.memberId === memberId));
    }),
  );

  private readonly domainLoaders = new Map<new (read: ReadAsActor) => unknown, unknown>();

  /** A domain module's own loaders (a class built on `read`), made on first use and kept for this request only. */
  of<T>(type: new (read: ReadAsActor) => T): T {
    let loaders = this.domainLoaders.get(type) as T | undefined;
    if (!loaders) {
      loaders = new type((work) => this.read(work));
      this.domainLoaders.set(type, loaders);
    }
    return loaders;
  }

  private read<T>(work: (manager: EntityManager, actor: Actor) => Promise<T>): Promise<T> {
    const actor = this.request.actor;
    if (!actor) throw new UnauthenticatedError();
    return this.tenants.run(actor, (manager) => work(manager, actor));
  }
}

export interface GraphQLContext {
  req: AuthenticatedRequest;
  loaders: RequestLoaders;
}
