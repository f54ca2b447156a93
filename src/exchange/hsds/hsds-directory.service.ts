import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Actor } from '../../auth/actor.js';
import { NotFoundError } from '../../common/errors.js';
import { TenantDatabase } from '../../database/tenant-database.js';
import { ServiceType } from '../../organisations/service-type.js';
import { PageRequest } from '../page-request.js';
import { hsdsPage } from './hsds-page.js';
import { DirectoryRow, hsdsOrganization, hsdsOrganizationSummary, hsdsService, hsdsServiceSummary, SERVICE_ID_SQL } from './hsds-shape.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const COLUMNS = 'o.id, o.name, o.country, o.kind, o.languages, o.services';

/**
 * The organisation directory in Open Referral HSDS 3.0 shapes. Only active organisations are listed, as the GraphQL
 * directory lists them to everyone but network admins; nothing here is about a person.
 */
@Injectable()
export class HsdsDirectoryService {
  constructor(private readonly tenants: TenantDatabase) {}

  organizations(actor: Actor, page: PageRequest) {
    return this.tenants.run(actor, async (manager) => {
      const [{ total }] = await manager.query(`SELECT count(*)::int AS total FROM organisations o WHERE o.active`);
      const rows: DirectoryRow[] = await manager.query(
        `SELECT ${COLUMNS} FROM organisations o WHERE o.active ORDER BY o.name, o.id LIMIT $1 OFFSET $2`,
        [page.perPage, (page.page - 1) * page.perPage],
      );
      return hsdsPage(page, total as number, rows.map(hsdsOrganizationSummary));
    });
  }

  organization(actor: Actor, id: string) {
    return this.tenants.run(actor, async (manager) => {
      const [row] = UUID.test(id)
        ? ((await manager.query(`SELECT ${COLUMNS} FROM organisations o WHERE o.active AND o.id = $1`, [id])) as DirectoryRow[])
        : [];
      if (!row) throw new NotFoundError('The organization');
      return hsdsOrganization(row);
    });
  }

  /** Services of every active organisation, by organisation name then service; or of one organisation. */
  services(actor: Actor, page: PageRequest, organizationId?: string) {
    if (organizationId !== undefined && !UUID.test(organizationId)) return Promise.resolve(hsdsPage(page, 0, []));
    return this.tenants.run(actor, async (manager) => {
      const filter = organizationId ? 'AND o.id = $1' : '';
      const values = organizationId ? [organizationId] : [];
      const [{ total }] = await manager.query(
        `SELECT count(*)::int AS total FROM organisations o CROSS JOIN LATERAL unnest(o.services) AS s(service) WHERE o.active ${filter}`,
        values,
      );
      const rows: (DirectoryRow & { service: ServiceType })[] = await manager.query(
        `SELECT ${COLUMNS}, s.service FROM organisations o CROSS JOIN LATERAL unnest(o.services) AS s(service)
         WHERE o.active ${filter} ORDER BY o.name, o.id, s.service LIMIT $${values.length + 1} OFFSET $${values.length + 2}`,
        [...values, page.perPage, (page.page - 1) * page.perPage],
      );
      return hsdsPage(
        page,
        total as number,
        rows.map((row) => hsdsServiceSummary(row, row.service)),
      );
    });
  }

  service(actor: Actor, id: string) {
    return this.tenants.run(actor, async (manager) => {
      const row = UUID.test(id) ? await this.findService(manager, id) : undefined;
      if (!row) throw new NotFoundError('The service');
      return hsdsService(row, row.service);
    });
  }

  private async findService(manager: EntityManager, id: string): Promise<(DirectoryRow & { service: ServiceType }) | undefined> {
    const [row] = await manager.query(
      `SELECT ${COLUMNS}, s.service FROM organisations o CROSS JOIN LATERAL unnest(o.services) AS s(service)
       WHERE o.active AND ${SERVICE_ID_SQL} = $1`,
      [id],
    );
    return row as (DirectoryRow & { service: ServiceType }) | undefined;
  }
}
