import type { Type } from '@nestjs/common';
import DataLoader from 'dataloader';
import { EntityManager, In } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { AuthenticatedRequest } from '../auth/request-of.js';
import { UnauthenticatedError } from '../common/errors.js';
import type { LoaderFactory } from './loader.factory.js';

/** Runs work in a transaction of the request's actor. */
export type ReadAsActor = <T>(work: (manager: EntityManager, actor: Actor) => Promise<T>) => Promise<T>;

/** A domain's batches: a class made on first use in a request, with the request's scope, and kept for it only. */
export type LoaderType<T> = new (scope: RequestScope) => T;

/** What a domain's loaders get from the request they serve. */
export interface RequestScope {
  /** The request's actor; UnauthenticatedError without one. */
  readonly actor: Actor;
  /** Work in a transaction of the request's actor. */
  read: ReadAsActor;
  /** Another domain's loaders of the same request. */
  of<T>(type: LoaderType<T>): T;
  /** A service of the application, for loaders that batch into one. */
  service<T>(type: Type<T>): T;
  /** Rows of an entity by id, in one batch per entity; what row-level security hides answers null. */
  byId<T extends { id: string }>(entity: new () => T): DataLoader<string, T | null>;
}

/**
 * Batches for nested fields, made anew for each request (in the GraphQL context) so that a page costs the same
 * number of statements whatever its size, and nothing cached outlives the request that may see it. The batches
 * themselves belong to the domains (`loaders.of(ReferralLoaders)`); this class knows none of them.
 */
export class RequestLoaders implements RequestScope {
  private readonly domainLoaders = new Map<LoaderType<unknown>, unknown>();
  private readonly entityLoaders = new Map<new () => unknown, DataLoader<string, unknown>>();

  constructor(
    private readonly factory: LoaderFactory,
    private readonly request: AuthenticatedRequest,
  ) {}

  get actor(): Actor {
    const actor = this.request.actor;
    if (!actor) throw new UnauthenticatedError();
    return actor;
  }

  readonly read: ReadAsActor = (work) => {
    const actor = this.actor;
    return this.factory.tenants.run(actor, (manager) => work(manager, actor));
  };

  of<T>(type: LoaderType<T>): T {
    let loaders = this.domainLoaders.get(type) as T | undefined;
    if (!loaders) {
      loaders = new type(this);
      this.domainLoaders.set(type, loaders);
    }
    return loaders;
  }

  service<T>(type: Type<T>): T {
    return this.factory.service(type);
  }

  byId<T extends { id: string }>(entity: new () => T): DataLoader<string, T | null> {
    let loader = this.entityLoaders.get(entity) as DataLoader<string, T | null> | undefined;
    if (!loader) {
      loader = new DataLoader<string, T | null>((ids) =>
        this.read(async (manager) => {
          const rows = await manager.getRepository(entity).findBy({ id: In([...ids]) } as never);
          return ids.map((id) => rows.find((row) => row.id === id) ?? null);
        }),
      );
      this.entityLoaders.set(entity, loader as DataLoader<string, unknown>);
    }
    return loader;
  }
}

export interface GraphQLContext {
  req: AuthenticatedRequest;
  loaders: RequestLoaders;
}
