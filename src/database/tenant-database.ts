import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { operationRows } from './operation-rows.js';
import { pipelinedQuery, pipelinedResults, Statement } from './pipelined-query.js';
import { namedStatements, onPoolConnection, preparedQuery } from './prepared-query.js';
import type { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner.js';
import {
  inSharedReads,
  oneQueryAtATime,
  sharedReadsFor,
  TokenHolder,
  UncheckedCredential,
  uncheckedCredential,
} from './request-transaction.js';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ClientBase } from 'pg';
import { TenantContext, actsAlike } from './tenant-context.js';

/** The role that row-level security policies apply to (created by the first migration). */
export const APP_ROLE = 'ravot_app';

/** Acting as the application role, which row-level security binds (the connection's own user is not bound). */
const AS_APP_ROLE = `set_config('role', '${APP_ROLE}', true)`;

/** The statements after it are planned once per connection and kept. See TenantDatabase.read and TenantDatabase.write. */
const PLAN_ONCE = `set_config('plan_cache_mode', 'force_generic_plan', true)`;

/** One statement: the role switch and both settings last until COMMIT/ROLLBACK. Prepared: every request runs it. */
const ACT_AS = `SELECT set_config('app.organisation_id', $1, true), set_config('app.member_id', $2, true), ${AS_APP_ROLE}`;

/** The same, and the statements after it are planned once (plan_cache_mode too lasts until the end of the transaction). */
const ACT_AS_PLANNED_ONCE = `${ACT_AS}, ${PLAN_ONCE}`;

const actAs = (context: TenantContext, text = ACT_AS) => ({ text, values: [context.organisationId, context.memberId ?? ''] });

/** No organisation's or member's id: whom a token that no longer authenticates acts for, so that it is shown nothing. */
const NOBODY = '00000000-0000-0000-0000-000000000000';

/**
 * ACT_AS for the holder of an API token, checked in the same statement (authenticate_api_token) and answered with
 * it: the settings come from the check, not from the application's word, so a token revoked since it was last seen
 * acts for nobody. The role switch does not depend on the check: what follows must never run as the owner.
 */
const actAsTokenHolder = (plannedOnce: boolean) =>
  `SELECT a.member_id, a.organisation_id, a.roles, a.token_id,
     set_config('app.organisation_id', coalesce(a.organisation_id, '${NOBODY}')::text, true),
     set_config('app.member_id', coalesce(a.member_id, '${NOBODY}')::text, true), ${AS_APP_ROLE}${plannedOnce ? `, ${PLAN_ONCE}` : ''}
   FROM (VALUES (1)) AS one (x) LEFT JOIN authenticate_api_token($1) AS a ON true`;
const ACT_AS_TOKEN_HOLDER = actAsTokenHolder(false);
const ACT_AS_TOKEN_HOLDER_PLANNED_ONCE = actAsTokenHolder(true);

const connectionOf = async (manager: EntityManager) => (await (manager.queryRunner as PostgresQueryRunner).connect()) as ClientBase;

/** The write transaction that several steps of one operation share (TenantDatabase.together). */
interface WriteUnit {
  context: TenantContext;
  manager: EntityManager;
}

const writeUnits = new AsyncLocalStorage<WriteUnit>();

/** A statement made when it is sent: its values may grow until then (the audit events of a write). */
type Deferred = () => Statement;

/** The statements each write transaction sends just before it commits (deferToCommit), by its manager. */
const beforeCommits = new WeakMap<EntityManager, Deferred[]>();

const BEGIN: Statement = { text: 'START TRANSACTION', values: [] };
const COMMIT: Statement = { text: 'COMMIT', values: [] };

/**
 * Has `statement` sent at the end of the write transaction of `manager`, after everything else in it, in the round
 * trip of its COMMIT. False where `manager` is in no such transaction: the caller then runs the statement itself.
 * For what nothing in the transaction reads back: audit events, the outbox's events.
 */
export function deferToCommit(manager: EntityManager, statement: Deferred): boolean {
  const deferred = beforeCommits.get(manager);
  deferred?.push(statement);
  return deferred !== undefined;
}

/** TypeORM's own record of a transaction it started: what its commitTransaction, rollbackTransaction and query look at. */
function markTransaction(runner: PostgresQueryRunner, active: boolean): void {
  runner.isTransactionActive = active;
  (runner as unknown as { transactionDepth: number }).transactionDepth = active ? 1 : 0;
}

/**
 * Work runs in a transaction as the application role, with the acting
 * organisation set for that transaction only, so PostgreSQL itself hides other
 * organisations' rows even where a query forgets its WHERE. A request that
 * only reads runs all its work in one such transaction (request-transaction.ts);
 * each write has its own.
 */
@Injectable()
export class TenantDatabase {
  constructor(readonly dataSource: DataSource) {}

  run<T>(context: TenantContext, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    // Nothing of a request acting on an unchecked credential starts before the credential holds.
    const unchecked = uncheckedCredential();
    return unchecked ? unchecked.checked().then(() => this.runChecked(context, work)) : this.runChecked(context, work);
  }

  private runChecked<T>(context: TenantContext, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const unit = writeUnits.getStore();
    if (unit && actsAlike(unit.context, context)) return work(unit.manager);
    const shared = sharedReadsFor(context);
    if (shared) {
      return inSharedReads(
        shared,
        async (reads) => {
          const runner = this.dataSource.createQueryRunner() as PostgresQueryRunner;
          const client = (await runner.connect().catch(async (error: unknown) => {
            await runner.release().catch(() => undefined);
            throw error;
          })) as ClientBase;
          // From here the request's end rolls back and releases it, whatever happens (endSharedReads).
          markTransaction(runner, true);
          reads.runner = runner;
          // Its statements are prepared as a write's are, and planned as PostgreSQL chooses (namedStatements).
          const stopNaming = namedStatements(client, 'read');
          const stopQueueing = oneQueryAtATime(client);
          reads.restore = () => (stopQueueing(), stopNaming());
          // BEGIN and the settings in one round trip, as a write opens (see write()).
          await pipelinedQuery(client, [BEGIN, actAs(context)]);
          return runner.manager;
        },
        work,
      );
    }
    return this.write(context, work);
  }

  /**
   * A write transaction acting for the context. Its opening (BEGIN and the settings) is one round trip, and so is
   * its end: the statements deferred to it (deferToCommit) and COMMIT, pipelined. TypeORM's dataSource.transaction
   * would make each of them a round trip of its own, and a write's round trips, more than anything else, are what
   * its CPU time goes to (docs/performance.md, the write path). Its statements are prepared and planned once per
   * connection (namedStatements, ACT_AS_PLANNED_ONCE): a write's statements find rows by their keys, whose best plan
   * is the same whatever the values.
   */
  private async write<T>(context: TenantContext, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner() as PostgresQueryRunner;
    let ownQuery = () => {};
    try {
      const client = (await runner.connect()) as ClientBase;
      ownQuery = namedStatements(client);
      markTransaction(runner, true);
      await pipelinedQuery(client, [BEGIN, actAs(context, ACT_AS_PLANNED_ONCE)]);
      const deferred: Deferred[] = [];
      beforeCommits.set(runner.manager, deferred);
      const result = await work(runner.manager);
      await pipelinedQuery(client, [...deferred.splice(0).map((statement) => statement()), COMMIT]);
      markTransaction(runner, false);
      return result;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      ownQuery();
      await runner.release();
    }
  }

  /**
   * One read statement acting for the context, as run() would run it, in one round trip: the settings and the
   * statement are pipelined before a single Sync, so PostgreSQL runs them as one implicit transaction and drops the
   * settings at its end. For the hottest reads (an inbox page), where BEGIN and COMMIT would double the trips.
   *
   * `plannedOnce` is for a statement whose best plan is the same whatever its values. PostgreSQL would otherwise plan
   * it anew at every run: it keeps a generic plan only if its estimated cost is no higher than that of the plans made
   * for the actual values, and for a box's page (a backward scan of the box's index that stops at the page size) the
   * estimate for an average organisation comes out higher than for one with a large box, although the plan is the
   * same. Planning the page statement took about 0.8 ms of the server's time at every page, against 2 ms to run it.
   */
  read<T>(context: TenantContext, text: string, values: unknown[], options: { plannedOnce?: boolean } = {}): Promise<T[]> {
    const unchecked = uncheckedCredential();
    const tokenHash = unchecked?.sendAlong();
    if (tokenHash !== undefined) {
      const check = { text: options.plannedOnce ? ACT_AS_TOKEN_HOLDER_PLANNED_ONCE : ACT_AS_TOKEN_HOLDER, values: [tokenHash] };
      return this.readChecking(unchecked!, check, { text, values });
    }
    // The check is under way or done (sent with another read, or on its own): this read waits for it, then runs as any.
    if (unchecked) return unchecked.checked().then(() => this.readChecked(context, text, values, options));
    return this.readChecked(context, text, values, options);
  }

  private readChecked<T>(context: TenantContext, text: string, values: unknown[], options: { plannedOnce?: boolean }): Promise<T[]> {
    // Within a request's shared transaction once it is open (its connection is taken until the request ends).
    const shared = sharedReadsFor(context);
    if (shared?.opening) return this.run(context, (manager) => preparedQuery<T>(manager, text, values));
    const settings = actAs(context, options.plannedOnce ? ACT_AS_PLANNED_ONCE : ACT_AS);
    return onPoolConnection(this.dataSource, (client) => pipelinedQuery<T>(client, [settings, { text, values }]));
  }

  /**
   * read() for a request acting on an unchecked credential (checkCredentialAlong), in the same one round trip: the
   * credential's check is what sets the settings, and the rows are answered only if it holds.
   */
  private async readChecking<T>(unchecked: UncheckedCredential, check: Statement, statement: Statement): Promise<T[]> {
    let results: Record<string, unknown>[][];
    try {
      results = await onPoolConnection(this.dataSource, (client) => pipelinedResults(client, [check, statement]));
    } catch (error) {
      unchecked.unsent();
      throw error;
    }
    const [holder] = results[0] as unknown as (TokenHolder | { member_id: null })[];
    unchecked.settle(holder.member_id === null ? undefined : (holder as TokenHolder));
    await unchecked.checked();
    return results[1] as T[];
  }

  /**
   * Runs several steps, each written as if it had a transaction of its own (`run`), in one transaction instead: all
   * of them are written, or none. For operations that chain others, such as registering a person and referring them.
   */
  together<T>(context: TenantContext, steps: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.write(context, (manager) => {
      operationRows.begin(manager);
      return writeUnits.run({ context, manager }, () => steps(manager));
    });
  }

  /** Within a transaction, act for another organisation (a network admin creating one). */
  async actFor(manager: EntityManager, organisationId: string): Promise<void> {
    // What waits for the commit was done for the organisation acted for until now.
    const deferred = beforeCommits.get(manager)?.splice(0) ?? [];
    if (deferred.length > 0)
      await pipelinedQuery(
        await connectionOf(manager),
        deferred.map((statement) => statement()),
      );
    await manager.query(`SELECT set_config('app.organisation_id', $1, true)`, [organisationId]);
  }

  /**
   * As the owning database user, where row-level security does not apply: only
   * for bootstrapping an empty network and for operator commands.
   */
  async runAsOwner<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    await uncheckedCredential()?.checked();
    return this.dataSource.transaction(work);
  }
}
