import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor.js';
import { AppConfig } from '../config/app-config.js';
import { TenantDatabase } from '../database/tenant-database.js';
import { shown, toCsv } from './csv.js';
import { NetworkStatisticsArgs, ReferralStatistics, ReintegrationStatistics } from './dto/statistics.types.js';
import { additiveRelations, suppressedCells } from './small-cell-suppression.js';

interface ReferralRow {
  keys: string[];
  referrals: string;
  returns: string;
}
interface ReintegrationRow {
  keys: string[];
  reports: string;
  economic: string | null;
  social: string | null;
  psychosocial: string | null;
}

/** localeCompare's order (the default collator), with each row's keys joined once rather than at every comparison. */
const collator = new Intl.Collator();
function sortedByKeys<Row extends { keys: string[] }>(rows: Row[]): Row[] {
  const joined = new Map(rows.map((row) => [row, row.keys.join('\u0000')]));
  return rows.sort((a, b) => collator.compare(joined.get(a)!, joined.get(b)!));
}

/**
 * Network-wide aggregates for analysts. The counting crosses tenants inside
 * two database functions that return grouped counts only; here every count is
 * checked against the threshold, with complementary suppression, before it
 * leaves the service.
 */
@Injectable()
export class NetworkStatisticsService {
  constructor(
    private readonly tenants: TenantDatabase,
    private readonly config: AppConfig,
  ) {}

  referrals(actor: Actor, args: NetworkStatisticsArgs): Promise<ReferralStatistics> {
    return this.tenants.run(actor, async (manager) => {
      const rows = sortedByKeys<ReferralRow>(
        await manager.query('SELECT * FROM referral_statistics($1, $2, $3, $4)', this.parameters(args)),
      );
      const threshold = this.config.STATISTICS_MIN_CELL;
      // Both measures share the table's totals.
      const relations = additiveRelations(rows);
      const referrals = this.protect(
        rows.map((row) => Number(row.referrals)),
        rows,
        threshold,
        relations,
      );
      const returns = this.protect(
        rows.map((row) => Number(row.returns)),
        rows,
        threshold,
        relations,
      );
      const table = rows.map((row, i) => ({ keys: row.keys, referrals: referrals[i], returns: returns[i] }));
      return {
        groupBy: args.groupBy,
        threshold,
        rows: table,
        // Written only when the field is asked for: most callers read the rows.
        get csv() {
          return toCsv(
            [...args.groupBy.map((d) => d.toLowerCase()), 'referrals', 'returns'],
            table.map((row) => [...row.keys, shown(row.referrals, threshold), shown(row.returns, threshold)]),
          );
        },
      };
    });
  }

  /** Means are suppressed whenever the count of reports they rest on is. */
  reintegration(actor: Actor, args: NetworkStatisticsArgs): Promise<ReintegrationStatistics> {
    return this.tenants.run(actor, async (manager) => {
      const rows = sortedByKeys<ReintegrationRow>(
        await manager.query('SELECT * FROM reintegration_statistics($1, $2, $3, $4)', this.parameters(args)),
      );
      const threshold = this.config.STATISTICS_MIN_CELL;
      const reports = this.protect(
        rows.map((row) => Number(row.reports)),
        rows,
        threshold,
      );
      const mean = (value: string | null, i: number) => ({
        value: reports[i].suppressed || value === null ? null : Number(value),
        suppressed: reports[i].suppressed,
      });
      const table = rows.map((row, i) => ({
        keys: row.keys,
        reports: reports[i],
        economic: mean(row.economic, i),
        social: mean(row.social, i),
        psychosocial: mean(row.psychosocial, i),
      }));
      return {
        groupBy: args.groupBy,
        threshold,
        rows: table,
        get csv() {
          return toCsv(
            [...args.groupBy.map((d) => d.toLowerCase()), 'reports', 'economic', 'social', 'psychosocial'],
            table.map((row) => [
              ...row.keys,
              shown(row.reports, threshold),
              ...[row.economic, row.social, row.psychosocial].map((m) => (m.suppressed ? 'suppressed' : m.value)),
            ]),
          );
        },
      };
    });
  }

  private protect(values: number[], rows: { keys: string[] }[], threshold: number, relations?: number[][]) {
    const suppressed = suppressedCells(
      rows.map((row, i) => ({ keys: row.keys, value: values[i] })),
      threshold,
      relations,
    );
    return values.map((value, i) => (suppressed.has(i) ? { value: null, suppressed: true } : { value, suppressed: false }));
  }

  private parameters(args: NetworkStatisticsArgs) {
    const filter = args.filter ?? {};
    return [
      args.groupBy,
      filter.years ?? null,
      filter.senderCountries?.map((c) => c.toUpperCase()) ?? null,
      filter.receiverCountries?.map((c) => c.toUpperCase()) ?? null,
    ];
  }
}
