import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';
import type { ClientBase } from 'pg';
import type { EntityManager, QueryRunner } from 'typeorm';
import { DomainError } from '../common/errors.js';
import { replaceQuery } from './prepared-query.js';
import { actsAlike, type TenantContext } from './tenant-context.js';

/**
 * The one transaction the reads of a request share, from its first read to the end of the request: the root field,
 * every batch of its nested fields and the log of every read of a person's data, under one BEGIN, one set of tenant
 * settings and one COMMIT. Only for requests that only read (a GraphQL query): a mutation's writes each keep a
 * transaction of their own, committed before its answer is read.
 */
interface RequestReads {
  shared: boolean;
  context?: TenantContext;
  runner?: QueryRunner;
  /** Gives the connection its own query method back before it returns to the pool. */
  restore?: () => void;
  opening?: Promise<EntityManager>;
  /** A statement failed: PostgreSQL has aborted the transaction, and what it wrote (the read log) is lost. */
  failed: boolean;
  /** The answer is out: work that still comes (a field graphql-js no longer waits for) runs in its own transaction. */
  ended: boolean;
  /** The credential the request acts on before it is checked, if it does (checkCredentialAlong). */
  unchecked?: UncheckedCredential;
}

/** What an API token authenticates to: a row of authenticate_api_token. */
export interface TokenHolder {
  member_id: string;
  organisation_id: string;
  roles: string[];
  token_id: string;
}

/**
 * A credential a request acts on before it is checked: the check goes in the round trip of the request's first read
 * (TenantDatabase.read), whose settings come from the check itself, and no other work of the request starts before
 * it holds (TenantDatabase.run waits for it; so does the answer).
 */
export interface UncheckedCredential {
  /** The token's hash, to check with the read about to be sent; undefined once the check is sent or done. */
  sendAlong(): string | undefined;
  /** The check's answer: the token's holder, or undefined when the token no longer authenticates. */
  settle(holder: TokenHolder | undefined): void;
  /** The read carrying the check failed: the check runs on its own when it is next waited for. */
  unsent(): void;
  /** Resolves once the credential holds (checking it on its own if it was never sent); rejects if it does not. */
  checked(): Promise<void>;
}

const requests = new AsyncLocalStorage<RequestReads>();

/**
 * Express middleware: a request's place for its shared transaction (used once `shareReads` is called). Should a
 * request end without the GraphQL plugin ending it, the transaction is rolled back when the response closes, so
 * that its connection never stays taken.
 */
export function requestTransaction(_request: Request, response: Response, next: NextFunction): void {
  const reads: RequestReads = { shared: false, failed: false, ended: false };
  response.once?.('close', () => void end(reads, { commit: false }));
  requests.run(reads, next);
}

/** From now on, the reads of the current request share one transaction (a GraphQL query, once it is known to be one). */
export function shareReads(): void {
  const reads = requests.getStore();
  if (reads) reads.shared = true;
}

/** From now on, the current request acts on a credential still to be checked (see UncheckedCredential). */
export function checkCredentialAlong(credential: UncheckedCredential): void {
  const reads = requests.getStore();
  if (!reads) throw new Error('A credential can only be checked along within a request');
  reads.unchecked = credential;
}

/** The credential the current request acts on unchecked, if any. */
export function uncheckedCredential(): UncheckedCredential | undefined {
  return requests.getStore()?.unchecked;
}

/** The current request's shared transaction, when it has one for this actor. */
export function sharedReadsFor(context: TenantContext): RequestReads | null {
  const reads = requests.getStore();
  if (!reads?.shared || reads.ended) return null;
  reads.context ??= context;
  return actsAlike(reads.context, context) ? reads : null;
}

/** Runs work in the shared transaction, opening it (with `open`) on first use. */
export async function inSharedReads<T>(
  reads: RequestReads,
  open: (reads: RequestReads) => Promise<EntityManager>,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  reads.opening ??= open(reads);
  const manager = await reads.opening.catch((error: unknown) => {
    reads.failed = true;
    throw error;
  });
  try {
    return await work(manager);
  } catch (error) {
    // A rule refused (NotFound, Forbidden...) in JavaScript; anything else may have come from PostgreSQL.
    if (!(error instanceof DomainError)) reads.failed = true;
    throw error;
  }
}

/**
 * Ends the current request's shared transaction: COMMIT when every statement succeeded, else ROLLBACK. False when
 * the reads could not be committed, so that the answer must not show what was read (its log is lost).
 */
export async function endSharedReads(): Promise<boolean> {
  const reads = requests.getStore();
  return reads ? end(reads, { commit: true }) : true;
}

async function end(reads: RequestReads, { commit }: { commit: boolean }): Promise<boolean> {
  if (reads.ended) return !reads.failed;
  reads.ended = true;
  if (!reads.opening) return true;
  // A transaction still opening is waited for, so that its connection is never left taken.
  await reads.opening.catch(() => undefined);
  const runner = reads.runner;
  reads.opening = undefined;
  reads.runner = undefined;
  reads.restore?.();
  reads.restore = undefined;
  if (!runner) return !reads.failed;
  try {
    if (reads.failed || !commit) {
      await runner.rollbackTransaction();
      return false;
    }
    await runner.commitTransaction();
    return true;
  } catch {
    return false;
  } finally {
    await runner.release().catch(() => undefined);
  }
}

/**
 * The batches of a request ask at the same time, and on a shared connection pg queues them itself, but warns that
 * this will stop working in its next major version: send them one after the other. Only the promise form, which
 * TypeORM and the prepared statements use, is queued; a query given a callback, or a submittable, goes straight through.
 */
export function oneQueryAtATime(client: ClientBase): () => void {
  return replaceQuery(client, (own) => {
    let tail: Promise<unknown> = Promise.resolve();
    return (...args) => {
      const submittable = typeof (args[0] as { submit?: unknown } | null)?.submit === 'function';
      if (submittable || typeof args.at(-1) === 'function') return own(...args);
      const run = tail.then(() => own(...args));
      tail = run.catch(() => undefined);
      return run;
    };
  });
}
