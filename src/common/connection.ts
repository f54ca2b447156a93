import { Type } from '@nestjs/common';
import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { SelectQueryBuilder } from 'typeorm';
import { BadUserInputError } from './errors.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: DEFAULT_PAGE_SIZE, description: `Page size, 1 to ${MAX_PAGE_SIZE}` })
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first: number = DEFAULT_PAGE_SIZE;

  @Field({ nullable: true, description: 'The endCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  after?: string;
}

@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface ConnectionOf<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
}

/** A Relay-style connection type named `<name>Connection` with `<name>Edge` edges. */
export function Connection<T>(node: Type<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field()
    cursor: string;

    @Field(() => node)
    node: T;
  }

  @ObjectType({ isAbstract: true })
  abstract class ConnectionType {
    @Field(() => [EdgeType])
    edges: EdgeType[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;
  }
  return ConnectionType;
}

type CursorValue = string | number;

/** Cursors are opaque to clients: the keyset position, encoded. */
export function encodeCursor(values: CursorValue[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, arity: number): CursorValue[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === arity && values.every((v) => typeof v === 'string' || typeof v === 'number')) {
      return values;
    }
  } catch {
    // fall through to the error below
  }
  throw new BadUserInputError('The cursor is not valid: pass the endCursor of a previous page.');
}

/** Builds a page from `first + 1` rows fetched in keyset order. */
export function toConnection<T>(rows: T[], first: number, positionOf: (row: T) => CursorValue[]): ConnectionOf<T> {
  const page = rows.slice(0, first);
  const edges = page.map((node) => ({ node, cursor: encodeCursor(positionOf(node)) }));
  return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
}

/**
 * Newest first by a timestamp column, then id. The cursor keeps the timestamp
 * as PostgreSQL holds it (microseconds): a JavaScript Date would round it to
 * milliseconds and skip rows written in the same millisecond.
 */
export async function pageNewestFirst<T extends { id: string }>(
  query: SelectQueryBuilder<T>,
  timestampColumn: string,
  page: PageArgs,
  withNeighbours?: (rows: SelectQueryBuilder<T>) => SelectQueryBuilder<T>,
): Promise<ConnectionOf<T>> {
  const alias = query.alias;
  const at = `${alias}.${timestampColumn}`;
  const keyset = (builder: SelectQueryBuilder<T>) =>
    builder
      .orderBy(at, 'DESC')
      .addOrderBy(`${alias}.id`, 'DESC')
      .limit(page.first + 1);
  keyset(query);
  if (page.after) {
    const [cursorAt, cursorId] = decodeCursor(page.after, 2);
    query.andWhere(`(${at}, ${alias}.id) < ((:cursorAt)::timestamp AT TIME ZONE 'UTC', :cursorId)`, { cursorAt, cursorId });
  }
  // With neighbours to read along, the query only picks the page's ids (an index scan that stops at the
  // limit); the joins then touch those rows alone, instead of every row of the box before the sort.
  const read = withNeighbours ? keyset(withNeighbours(query.select(`${alias}.id`))) : query;
  read.addSelect(`to_char(${at} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`, 'cursor_at');
  const { entities, raw } = await read.getRawAndEntities<{ cursor_at: string }>();
  const positions = new Map(entities.map((entity, i) => [entity, raw[i].cursor_at]));
  return toConnection(entities, page.first, (entity) => [positions.get(entity)!, entity.id]);
}
