import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { preparedQuery } from './prepared-query.js';
import { TenantContext } from './tenant-context.js';

/** The role that row-level security policies apply to (created by the first migration). */
export const APP_ROLE = 'ravot_app';

/** One statement: the role switch and both settings last until COMMIT/ROLLBACK. Prepared: every request runs it. */
const ACT_AS = `SELECT set_config('app.organisation_id', $1, true), set_config('app.member_id', $2, true), set_config('role', '${APP_ROLE}', true)`;

/**
 * Every request's work runs in one transaction as the application role, with
 * the acting organisation set for that transaction only, so PostgreSQL itself
 * hides other organisations' rows even where a query forgets its WHERE.
 */
@Injectable()
export class TenantDatabase {
  constructor(readonly dataSource: DataSource) {}

  run<T>(context: TenantContext, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await preparedQuery(manager, ACT_AS, [context.organisationId, context.memberId ?? '']);
      return work(manager);
    });
  }

  /** Within a transaction, act for another organisation (a network admin creating one). */
  async actFor(manager: EntityManager, organisationId: string): Promise<void> {
    await manager.query(`SELECT set_config('app.organisation_id', $1, true)`, [organisationId]);
  }

  /**
   * As the owning database user, where row-level security does not apply: only
   * for bootstrapping an empty network and for operator commands.
   */
  runAsOwner<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
