import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';
import pg from 'pg';

/** The header that carries a request's statement count when counting is on. */
export const STATEMENT_COUNT_HEADER = 'x-sql-statements';

interface StatementTally {
  statements: number;
}

const tallies = new AsyncLocalStorage<StatementTally>();
let installed = false;

/**
 * Counts every statement sent to PostgreSQL (BEGIN, set_config, each query,
 * COMMIT alike) made on behalf of an HTTP request, for the benchmark and the
 * tests that keep N+1 out. Off unless RAVOT_COUNT_SQL=true: it wraps the
 * driver's Client.query once for the whole process.
 */
export function installStatementCounter(): void {
  if (installed) return;
  installed = true;
  const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function countedQuery(this: pg.Client, ...args: unknown[]) {
    const tally = tallies.getStore();
    // A pipeline (pipelined-query.ts) carries several statements in one round trip: each counts.
    if (tally) tally.statements += (args[0] as { statementCount?: number } | undefined)?.statementCount ?? 1;
    return original.apply(this, args);
  } as typeof pg.Client.prototype.query;
}

/** Express middleware: counts the request's statements and reports them in a response header. */
export function countStatementsPerRequest(_request: Request, response: Response, next: NextFunction): void {
  const tally: StatementTally = { statements: 0 };
  const writeHead = response.writeHead;
  response.writeHead = function writeHeadWithCount(this: Response, ...args: unknown[]) {
    if (!this.headersSent) this.setHeader(STATEMENT_COUNT_HEADER, String(tally.statements));
    return (writeHead as (...a: unknown[]) => Response).apply(this, args);
  } as typeof response.writeHead;
  tallies.run(tally, next);
}
