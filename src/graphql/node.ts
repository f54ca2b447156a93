import { Field, ID, InterfaceType } from '@nestjs/graphql';
import type { Role } from '../auth/role.js';
import { MAX_PAGE_SIZE } from '../common/connection.js';
import type { RequestScope } from './request-loaders.js';

/** The GraphQL type of each object node(id) and nodes(ids) answer: the interface asks, the lookup knows. */
const typeOfNode = new WeakMap<object, string>();

@InterfaceType('Node', {
  description:
    'An object with an id that is unique across the whole API: node(id) and nodes(ids) find it again, as its own query or field would answer you.',
  resolveType: (value: object) => typeOfNode.get(value),
})
export abstract class Node {
  @Field(() => ID)
  id: string;
}

/** The object as the node of its GraphQL type. */
export function asNode<T extends object>(value: T, typeName: string): T {
  typeOfNode.set(value, typeName);
  return value;
}

/**
 * One GraphQL type that implements Node: where its ids are kept, and how the caller's view of some of them is read.
 * Each domain describes its own types (`referral-nodes.ts`, ...); `src/node-types.ts` lists them all.
 */
export interface NodeType {
  /** The GraphQL type's name, e.g. `Referral`. */
  name: string;
  /** The table whose column holds the type's ids; read under the caller's row-level security to tell an id's type. */
  table: string;
  /** The id column, `id` unless named. */
  column?: string;
  /** The roles the type's own query asks for; a caller with none of them sees nothing of the type. */
  roles?: Role[];
  /**
   * What the type's own query or field would answer the caller for each id, in order: the object, or null where the
   * caller may not see it. One batch for all the ids of a request, whatever their number.
   */
  load(scope: RequestScope, ids: readonly string[]): Promise<(object | null)[]>;
}

/** The Nest token under which the application provides every NodeType. */
export const NODE_TYPES = Symbol('NODE_TYPES');

/** Most ids one nodes() call takes, as many as a page holds. */
export const MAX_NODES = MAX_PAGE_SIZE;

/** Each id through a batch loader; unlike loadMany, a failed batch fails the answer and never reads as "not there". */
export function loadAll<T>(loader: { load(id: string): Promise<T> }, ids: readonly string[]): Promise<T[]> {
  return Promise.all(ids.map((id) => loader.load(id)));
}

/** The acting organisation's rows among a batch's (its own lists hold no other), null for the others. */
export async function ofActingOrganisation<T extends { organisationId: string }>(
  scope: RequestScope,
  loader: { load(id: string): Promise<T | null> },
  ids: readonly string[],
): Promise<(T | null)[]> {
  const rows = await loadAll(loader, ids);
  return rows.map((row) => (row?.organisationId === scope.actor.organisationId ? row : null));
}

/** The rows of a batch whose parent the caller sees, null for the others (and for the rows not there). */
export async function withVisibleParents<T>(
  rows: readonly (T | null)[],
  parentOf: (row: T) => string,
  visible: (parentIds: readonly string[]) => Promise<(object | null)[]>,
): Promise<(T | null)[]> {
  const present = rows.filter((row): row is T => row !== null);
  const parents = await visible(present.map(parentOf));
  const seen = new Set(present.filter((_row, i) => parents[i] !== null));
  return rows.map((row) => (row !== null && seen.has(row) ? row : null));
}
