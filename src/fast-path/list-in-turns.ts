import type { FieldMiddleware } from '@nestjs/graphql';

/** Items a list completes in one turn of the event loop. */
export const ITEMS_PER_TURN = 20;

/**
 * A long list's items complete in turns of the event loop rather than all in one: graphql-js completes a list in
 * one synchronous run when every item is at hand, and a page of 100 referrals (about 2,300 fields) then holds the
 * event loop for milliseconds, while every other organisation's answers wait behind it. Items from the second turn
 * on are promises that resolve after `setImmediate`, so what has arrived for other requests in between (their
 * answers from PostgreSQL, their next requests) runs first. Scenario 5 of `npm run bench` measures the effect.
 */
export function inTurns<T>(items: readonly T[], perTurn = ITEMS_PER_TURN): (T | Promise<T>)[] {
  if (items.length <= perTurn) return items as T[];
  const turns: Promise<void>[] = [];
  let previous = Promise.resolve();
  for (let at = perTurn; at < items.length; at += perTurn) {
    previous = previous.then(() => new Promise<void>((resolve) => setImmediate(resolve)));
    turns.push(previous);
  }
  return items.map((item, i) => (i < perTurn ? item : turns[Math.floor(i / perTurn) - 1].then(() => item)));
}

/** Field middleware for a list field: its items complete in turns (see `inTurns`). */
export const listInTurns: FieldMiddleware = async (_context, next) => {
  const value: unknown = await next();
  return Array.isArray(value) ? inTurns(value) : value;
};
