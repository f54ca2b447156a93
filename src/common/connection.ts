import { Type } from '@nestjs/common';
import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { SelectQueryBuilder } from 'typeorm';
import { CURSOR_TIME_FORMAT } from './cursor-time.js';
import { BadUserInputError } from './errors.js';
import { listInTurns } from '../fast-path/list-in-turns.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: DEFAULT_PAGE_SIZE, description: `Page size, 1 to ${MAX_PAGE_SIZE}` })
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first: number = DEFAULT_PAGE_SIZE;

  @Field({ nullable: true, description: 'The endCursor of the previous page; at most 1,000 characters' })
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
    @Field(() => [EdgeType], { middleware: [listInTurns] })
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether an ISO date-time names a real moment (V8 would roll 30 February over into March; PostgreSQL refuses it). */
const isCalendarTime = (iso: string) => {
  const at = Date.parse(`${iso.slice(0, 19)}Z`);
  return !Number.isNaN(at) && new Date(at).toISOString().slice(0, 19) === iso.slice(0, 19);
};

/**
 * What a keyset position may hold, checked before any of it reaches SQL: a
 * forged cursor is a clear BAD_USER_INPUT, never a database error.
 */
const CURSOR_KINDS = {
  /** A timestamp to the microsecond, as the pages write it (see cursor-time.ts); cursors issued before carry no Z. */
  time: (v: unknown) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z?$/.test(v) && isCalendarTime(v),
  date: (v: unknown) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && isCalendarTime(`${v}T00:00:00`),
  uuid: (v: unknown) => typeof v === 'string' && UUID.test(v),
  text: (v: unknown) => typeof v === 'string' && v.length <= 1000 && !v.includes('\u0000'),
  number: (v: unknown) => typeof v === 'number' && Number.isFinite(v),
  /** A bigint sequence, which the driver reads as text. */
  sequence: (v: unknown) => typeof v === 'string' && /^\d{1,18}$/.test(v),
};
export type CursorKind = keyof typeof CURSOR_KINDS;

export function decodeCursor(cursor: string, kinds: CursorKind[]): CursorValue[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === kinds.length && values.every((value, i) => CURSOR_KINDS[kinds[i]](value))) {
      return values as CursorValue[];
    }
  } catch {
    // fall through to the error below
  }
  throw BadUserInputError.at(['after'], 'cursor', 'The cursor is not valid: pass the endCursor of a previous page.');
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
    const [cursorAt, cursorId] = decodeCursor(page.after, ['time', 'uuid']);
    query.andWhere(`(${at}, ${alias}.id) < ((:cursorAt)::timestamp AT TIME ZONE 'UTC', :cursorId)`, { cursorAt, cursorId });
  }
  // With neighbours to read along, the query only picks the page's ids (an index scan that stops at the
  // limit); the joins then touch those rows alone, instead of every row of the box before the sort.
  const read = withNeighbours ? keyset(withNeighbours(query.select(`${alias}.id`))) : query;
  read.addSelect(`to_char(${at} AT TIME ZONE 'UTC', '${CURSOR_TIME_FORMAT}')`, 'cursor_at');
  const { entities, raw } = await read.getRawAndEntities<{ cursor_at: string }>();
  const positions = new Map(entities.map((entity, i) => [entity, raw[i].cursor_at]));
  return toConnection(entities, page.first, (entity) => [positions.get(entity)!, entity.id]);
}
