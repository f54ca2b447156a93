import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '../auth/actor.js';
import type { OnProgress } from '../common/progress.js';
import { PageWindow, PageArgs, toConnection } from '../common/connection.js';
import { preparedQuery } from '../database/prepared-query.js';
import { deferToCommit, TenantDatabase } from '../database/tenant-database.js';
import { AuditEventEntity } from './audit-event.entity.js';
import { AuditChainVerification, MAX_BROKEN_LINKS_LISTED } from './audit-chain-verification.model.js';

export interface AuditedAct {
  action: string;
  entity: string;
  entityId?: string | null;
  referralId?: string | null;
}

@Injectable()
export class AuditService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tenants: TenantDatabase,
  ) {}

  /** The acts of each write transaction not yet appended, by its manager. */
  private readonly pending = new WeakMap<EntityManager, AuditedAct[]>();

  /**
   * Appends to the acting organisation's chain inside the caller's transaction,
   * so an act and its audit event commit or roll back together. Actor and
   * organisation come from the transaction's settings, not from the caller.
   *
   * In a write transaction the acts wait for its end and are appended in one
   * statement, sent with its COMMIT: the chain is a sequence, and its lock,
   * taken by the first append, is then held for that round trip only rather
   * than for the whole write (docs/performance.md, the write path).
   */
  async record(manager: EntityManager, act: AuditedAct): Promise<void> {
    const pending = this.pending.get(manager);
    if (pending) {
      pending.push(act);
      return;
    }
    const acts = [act];
    const append = () => {
      this.pending.delete(manager);
      return {
        text: 'SELECT record_audit_events($1, $2, $3, $4)',
        values: [
          acts.map((act) => act.action),
          acts.map((act) => act.entity),
          acts.map((act) => act.entityId ?? null),
          acts.map((act) => act.referralId ?? null),
        ],
      };
    };
    if (deferToCommit(manager, append)) this.pending.set(manager, acts);
    else {
      const { text, values } = append();
      await preparedQuery(manager, text, values);
    }
  }

  /** The acting organisation's own events, newest first. */
  list(actor: Actor, page: PageArgs) {
    return this.tenants.run(actor, async (manager) => {
      const window = PageWindow.of(page);
      const query = manager
        .getRepository(AuditEventEntity)
        .createQueryBuilder('e')
        .where('e.organisation_id = :organisationId', { organisationId: actor.organisationId })
        .orderBy('e.sequence', window.order('DESC'))
        .limit(window.limit);
      const position = window.position(['sequence']);
      if (position) query.andWhere(`e.sequence ${window.beyond('DESC')} :sequence`, { sequence: position[0] });
      return toConnection(await query.getMany(), window, (event) => [event.sequence]);
    });
  }

  /** Recomputes every chain in the database and reports the first broken link (for an actor: in its request's reads). */
  async verify(actor?: Actor, options: { onProgress?: OnProgress } = {}): Promise<AuditChainVerification> {
    // One statement checks every chain, so the only news before it ends is how much it has to check.
    if (options.onProgress) {
      const [{ count }] = await this.dataSource.query('SELECT count(*) FROM audit_events');
      options.onProgress({ done: 0, total: Number(count) });
    }
    // One row per broken link listed, each with the number of events; one row of nulls besides it when none is broken.
    const text = `SELECT (SELECT count(*) FROM audit_events) AS events_checked, b.*
      FROM (SELECT 1) one LEFT JOIN LATERAL audit_chain_broken_links($1) b ON true`;
    const rows: BrokenLinkRow[] = actor
      ? await this.tenants.run(actor, (manager) => manager.query(text, [MAX_BROKEN_LINKS_LISTED]))
      : await this.dataSource.query(text, [MAX_BROKEN_LINKS_LISTED]);
    const brokenLinks = rows
      .filter((row) => row.problem !== null)
      .map((row) => ({
        organisationId: row.organisation_id!,
        sequence: String(row.sequence),
        eventId: row.event_id!,
        problem: row.problem!,
      }));
    const eventsChecked = Number(rows[0].events_checked);
    options.onProgress?.({ done: eventsChecked, total: eventsChecked });
    return {
      valid: brokenLinks.length === 0,
      eventsChecked,
      firstBrokenLink: brokenLinks[0] ?? null,
      brokenLinks,
      brokenLinkCount: Number(rows[0].broken_links ?? 0),
    };
  }
}

interface BrokenLinkRow {
  events_checked: string;
  organisation_id: string | null;
  sequence: string | null;
  event_id: string | null;
  problem: string | null;
  broken_links: string | null;
}
