import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import type { OnProgress } from '../common/progress.js';
import { AppConfig } from '../config/app-config.js';
import { TenantDatabase } from '../database/tenant-database.js';
import { shown, toCsv } from './csv.js';
import {
  ImportRegistrationStatisticsInput,
  RegistrationImport,
  RegistrationStatistics,
  RegistrationStatisticsArgs,
} from './dto/statistics.types.js';
import { parseRegistrationCsv, RegistrationFileRefused } from './registration-import.js';

/** Rows per INSERT: large enough to be cheap, small enough that progress moves on a national table. */
const IMPORT_BATCH_ROWS = 1000;

interface FigureRow {
  registration_country: string;
  year: number;
  nationality: string;
  nationality_name: string;
  victims: number;
  rank: string;
  previous: number | null;
}

@Injectable()
export class RegistrationStatisticsService {
  constructor(
    private readonly tenants: TenantDatabase,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  /**
   * All or nothing: a file with any bad row is refused whole, and the rows go in batches inside one transaction.
   * Re-importing the same file changes nothing. `onProgress` hears the rows stored so far.
   */
  import(actor: Actor, input: ImportRegistrationStatisticsInput, options: { onProgress?: OnProgress } = {}): Promise<RegistrationImport> {
    const { rows, problems } = parseRegistrationCsv(input.csv);
    if (problems.length > 0) throw new RegistrationFileRefused(problems);
    return this.tenants.run(actor, async (manager) => {
      let inserted = 0;
      let written = 0;
      for (let start = 0; start < rows.length; start += IMPORT_BATCH_ROWS) {
        const batch = rows.slice(start, start + IMPORT_BATCH_ROWS);
        const result: { inserted: boolean }[] = await manager.query(
          `INSERT INTO registration_figures AS f (registration_country, year, nationality, nationality_name, victims, source)
           SELECT * FROM unnest($1::varchar[], $2::int[], $3::varchar[], $4::varchar[], $5::int[], $6::varchar[])
           ON CONFLICT (registration_country, year, nationality) DO UPDATE
             SET victims = EXCLUDED.victims, nationality_name = EXCLUDED.nationality_name, source = EXCLUDED.source, updated_at = now()
             WHERE (f.victims, f.nationality_name, f.source) IS DISTINCT FROM (EXCLUDED.victims, EXCLUDED.nationality_name, EXCLUDED.source)
           RETURNING (xmax = 0) AS inserted`,
          [
            batch.map((r) => r.registrationCountry),
            batch.map((r) => r.year),
            batch.map((r) => r.nationality),
            batch.map((r) => r.nationalityName),
            batch.map((r) => r.victims),
            batch.map(() => input.source ?? null),
          ],
        );
        inserted += result.filter((row) => row.inserted).length;
        written += result.length;
        options.onProgress?.({ done: start + batch.length, total: rows.length });
      }
      await this.audit.record(manager, { action: 'statistics.import_registrations', entity: 'registration_figures' });
      return { inserted, updated: written - inserted, unchanged: rows.length - written };
    });
  }

  /** Figures with their rank in the year (ties share a rank) and the change against the previous year. */
  figures(actor: Actor, args: RegistrationStatisticsArgs): Promise<RegistrationStatistics> {
    return this.tenants.run(actor, async (manager) => {
      const rows: FigureRow[] = await manager.query(
        `SELECT * FROM (
           SELECT f.registration_country, f.year, f.nationality, f.nationality_name, f.victims,
                  rank() OVER (PARTITION BY f.registration_country, f.year ORDER BY f.victims DESC) AS rank,
                  (SELECT p.victims FROM registration_figures p
                    WHERE p.registration_country = f.registration_country AND p.nationality = f.nationality AND p.year = f.year - 1) AS previous
           FROM registration_figures f WHERE f.registration_country = $1) ranked
         WHERE ($2::int[] IS NULL OR year = ANY ($2)) AND ($3::varchar[] IS NULL OR nationality = ANY ($3)) AND ($4::int IS NULL OR rank <= $4)
         ORDER BY year, rank, nationality`,
        [args.registrationCountry, args.years ?? null, args.nationalities?.map((n) => n.toUpperCase()) ?? null, args.top ?? null],
      );
      const threshold = this.config.STATISTICS_MIN_CELL;
      const small = (value: number | null) => value !== null && value > 0 && value < threshold;
      const figures = rows.map((row) => ({
        registrationCountry: row.registration_country,
        year: row.year,
        nationality: row.nationality,
        nationalityName: row.nationality_name,
        victims: small(row.victims) ? { value: null, suppressed: true } : { value: row.victims, suppressed: false },
        rank: Number(row.rank),
        changeFromPreviousYear: row.previous === null || small(row.previous) || small(row.victims) ? null : row.victims - row.previous,
      }));
      return {
        figures,
        csv: toCsv(
          ['registration_country', 'year', 'nationality', 'nationality_iso2', 'victims', 'rank', 'change_from_previous_year'],
          figures.map((f) => [
            f.registrationCountry,
            f.year,
            f.nationalityName,
            f.nationality,
            shown(f.victims, threshold),
            f.rank,
            f.changeFromPreviousYear,
          ]),
        ),
      };
    });
  }
}
