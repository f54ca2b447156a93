import { Type } from '@nestjs/common';
import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateBy } from 'class-validator';
import type { SelectQueryBuilder } from 'typeorm';
import { CURSOR_TIME_FORMAT } from './cursor-time.js';
import { BadUserInputError } from './errors.js';
import { listInTurns } from '../fast-path/list-in-turns.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/**
 * A page asked for may run one way only: `first`/`after` forwards, or `last`/`before` backwards. Mixing them would
 * ask for a window Relay leaves undefined, so it is refused, before any SQL, naming the arguments.
 */
const OneDirection = (others: ('first' | 'after')[]) =>
  ValidateBy({
    name: 'pageDirection',
    constraints: others,
    validator: {
      validate: (value, args) =>
        value === undefined || value === null || others.every((other) => (args?.object as Record<string, unknown>)[other] == null),
      defaultMessage: (args) =>
        `${args?.property} cannot be combined with ${others.join(' or ')}: page forwards with first and after, or backwards with last and before`,
    },
  });

@ArgsType()
export class PageArgs {
  @Field(() => Int, {
    nullable: true,
    description: `Page forwards: the page size, 1 to ${MAX_PAGE_SIZE}; ${DEFAULT_PAGE_SIZE} when neither first nor last is given`,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first?: number;

  @Field({ nullable: true, description: 'Page forwards from here: the endCursor of the page before; at most 1,000 characters' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  after?: string;

  @Field(() => Int, {
    nullable: true,
    description: `Page backwards: the page size, 1 to ${MAX_PAGE_SIZE}; the page keeps the list's order. Not with first or after`,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  @OneDirection(['first', 'after'])
  last?: number;

  @Field({
    nullable: true,
    description: 'Page backwards from here: the startCursor of the page after; at most 1,000 characters. Not with first or after',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  @OneDirection(['first', 'after'])
  before?: string;
}

@ObjectType({ description: 'Where a page lies in its list (Relay cursor connections)' })
export class PageInfo {
  @Field({
    description: 'Whether items follow the page: read on with first and after: endCursor. Paging backwards: whether before was given',
  })
  hasNextPage: boolean;

  @Field({
    description: 'Whether items precede the page: read back with last and before: startCursor. Paging forwards: whether after was given',
  })
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true, description: "The first edge's cursor; null on an empty page" })
  startCursor: string | null;

  @Field(() => String, { nullable: true, description: "The last edge's cursor; null on an empty page" })
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

export function decodeCursor(cursor: string, kinds: CursorKind[], argument: 'after' | 'before' = 'after'): CursorValue[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === kinds.length && values.every((value, i) => CURSOR_KINDS[kinds[i]](value))) {
      return values as CursorValue[];
    }
  } catch {
    // fall through to the error below
  }
  throw BadUserInputError.at(
    [argument],
    'cursor',
    `The cursor is not valid: pass the ${argument === 'after' ? 'endCursor' : 'startCursor'} of a page of the same list.`,
  );
}

/**
 * The page asked for, as a query reads it. Forwards, a query reads the list's order from `after`; backwards, it
 * reads the reverse order from `before` (so each direction is one index scan that stops at the limit), and
 * toConnection turns the rows back round: a page comes in the list's order whichever way it was asked for.
 */
export class PageWindow {
  private constructor(
    /** last/before: the query reads the order reversed. */
    readonly backward: boolean,
    /** How many edges the page holds at most. */
    readonly size: number,
    /** The cursor the page starts from (after, or before when backward). */
    readonly cursor: string | undefined,
  ) {}

  static of(page: PageArgs): PageWindow {
    if (page.last != null || page.before != null) return new PageWindow(true, page.last ?? DEFAULT_PAGE_SIZE, page.before ?? undefined);
    return new PageWindow(false, page.first ?? DEFAULT_PAGE_SIZE, page.after ?? undefined);
  }

  /** One row more than the page: whether it comes tells whether the list goes on. */
  get limit(): number {
    return this.size + 1;
  }

  /** The direction to read a column the list orders in `direction`. */
  order(direction: 'ASC' | 'DESC'): 'ASC' | 'DESC' {
    if (!this.backward) return direction;
    return direction === 'ASC' ? 'DESC' : 'ASC';
  }

  /** The comparison that keeps the rows beyond the cursor, reading a list ordered in `direction`. */
  beyond(direction: 'ASC' | 'DESC'): '>' | '<' {
    return this.order(direction) === 'ASC' ? '>' : '<';
  }

  /** The cursor's keyset position, checked against `kinds`; null on the first (or, backwards, the last) page. */
  position(kinds: CursorKind[]): CursorValue[] | null {
    return this.cursor === undefined ? null : decodeCursor(this.cursor, kinds, this.backward ? 'before' : 'after');
  }

  /** A key that tells two windows apart (for loaders that batch the same page of many lists). */
  get key(): string {
    return `${this.backward ? 'last' : 'first'}:${this.size}:${this.cursor ?? ''}`;
  }
}

/** Builds a page from the rows a query read in its window's direction (`window.limit` of them at most). */
export function toConnection<T>(rows: T[], window: PageWindow, positionOf: (row: T) => CursorValue[]): ConnectionOf<T> {
  const more = rows.length > window.size;
  const page = rows.slice(0, window.size);
  if (window.backward) page.reverse();
  const edges = page.map((node) => ({ node, cursor: encodeCursor(positionOf(node)) }));
  const startCursor = edges[0]?.cursor ?? null;
  const endCursor = edges.at(-1)?.cursor ?? null;
  const beyondCursor = window.cursor !== undefined;
  return window.backward
    ? { edges, pageInfo: { hasNextPage: beyondCursor, hasPreviousPage: more, startCursor, endCursor } }
    : { edges, pageInfo: { hasNextPage: more, hasPreviousPage: beyondCursor, startCursor, endCursor } };
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
  const window = PageWindow.of(page);
  const alias = query.alias;
  const at = `${alias}.${timestampColumn}`;
  const keyset = (builder: SelectQueryBuilder<T>) =>
    builder.orderBy(at, window.order('DESC')).addOrderBy(`${alias}.id`, window.order('DESC')).limit(window.limit);
  keyset(query);
  const position = window.position(['time', 'uuid']);
  if (position) {
    const [cursorAt, cursorId] = position;
    query.andWhere(`(${at}, ${alias}.id) ${window.beyond('DESC')} ((:cursorAt)::timestamp AT TIME ZONE 'UTC', :cursorId)`, {
      cursorAt,
      cursorId,
    });
  }
  // With neighbours to read along, the query only picks the page's ids (an index scan that stops at the
  // limit); the joins then touch those rows alone, instead of every row of the box before the sort.
  const read = withNeighbours ? keyset(withNeighbours(query.select(`${alias}.id`))) : query;
  read.addSelect(`to_char(${at} AT TIME ZONE 'UTC', '${CURSOR_TIME_FORMAT}')`, 'cursor_at');
  const { entities, raw } = await read.getRawAndEntities<{ cursor_at: string }>();
  const positions = new Map(entities.map((entity, i) => [entity, raw[i].cursor_at]));
  return toConnection(entities, window, (entity) => [positions.get(entity)!, entity.id]);
}
