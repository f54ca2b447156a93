import { MigrationInterface, QueryRunner } from 'typeorm';
import { STATISTICS_FUNCTIONS_V2 } from './1764700000000-StatisticsJoinsOnDemand.js';
import {
  CellMeasures,
  KEY_LIST,
  KEY_POSITIONS,
  cellDimensions,
  counted,
  statisticsFunction,
  subquery,
} from './1765200000000-StatisticsCellKeys.js';

/**
 * Reintegration statistics by the cell key method too (issue 19): the count of reports and the mean scores that
 * rest on them no longer tell a small cell apart by differencing.
 *
 * - Each follow-up carries a secret random key, so every version of its report keeps the same key: submitting a
 *   correction cannot draw a new adjustment for the same cell.
 * - The cells are those of the referral statistics; a cell's reports count is adjusted like a referral count.
 * - A cell's mean score is rounded to the half point (which hides how many reports it rests on) and then moved by
 *   -1, -0.5, 0, +0.5 or +1 as its key picks, kept within 1 to 5 by reflection. Every mean shown for a cell fits
 *   at least two rounded true means, so no question, or number of questions, pins a small cell's mean down.
 * - A row's mean is the mean of its cells' adjusted means weighted by their adjusted counts: the same cell weighs
 *   the same wherever it is summed.
 */
const SCORES = ['economic', 'social', 'psychosocial'];

const PERTURBED_MEAN = `CREATE FUNCTION statistics_perturbed_mean(total bigint, count bigint, key_sum bigint, seed int) RETURNS numeric
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
  SELECT CASE WHEN m + step BETWEEN 1 AND 5 THEN m + step ELSE m - step END
  FROM (SELECT round(total * 2.0 / count) / 2 AS m,
    (ARRAY[-1, -0.5, 0, 0.5, 1])[(hashint8extended(key_sum, seed) & 65535) % 5 + 1] AS step
    WHERE count > 0) AS drawn $fn$`;

/** The current report of every follow-up, summed per cell. */
const CELLS = `SELECT ${KEY_LIST}, count(*) AS reports, sum(key) AS key_sum, ${SCORES.map((s) => `sum(${s}) AS ${s}`).join(', ')}
  FROM (SELECT ${cellDimensions('r')}, u.statistics_key AS key, ${SCORES.map((s) => `f.${s}_score AS ${s}`).join(', ')}
    FROM follow_up_reports f JOIN follow_ups u ON u.id = f.follow_up_id JOIN referrals r ON r.id = f.referral_id
    WHERE f.superseded_at IS NULL AND ${counted('r')}) AS reported
  GROUP BY ${KEY_POSITIONS}`;

const shownReports = 'sum(c.shown_reports)';
const REINTEGRATION_MEASURES: CellMeasures = {
  returns: 'reports bigint, economic numeric, social numeric, psychosocial numeric',
  adjusted: [
    'statistics_perturbed(c.reports, c.key_sum) AS shown_reports',
    ...SCORES.map((s, i) => `statistics_perturbed_mean(c.${s}, c.reports, c.key_sum, ${i + 1}) AS shown_${s}`),
  ].join(', '),
  present: 'c.reports > 0',
  measures: [
    `coalesce(${shownReports}, 0)::bigint`,
    ...SCORES.map((s) => `CASE WHEN ${shownReports} > 0 THEN round(sum(c.shown_reports * c.shown_${s}) / ${shownReports}, 2) END`),
  ].join(', '),
};

export class ReintegrationCellKeys1765300000000 implements MigrationInterface {
  name = 'ReintegrationCellKeys1765300000000';

  async up(db: QueryRunner): Promise<void> {
    // new_statistics_key() is volatile: every existing follow-up gets a key of its own.
    await db.query(`ALTER TABLE follow_ups ADD COLUMN statistics_key smallint NOT NULL DEFAULT new_statistics_key()`);
    await db.query(
      `COMMENT ON COLUMN follow_ups.statistics_key IS 'Secret: the statistics functions derive each cell''s adjustment from it; no API reads it'`,
    );
    await db.query(PERTURBED_MEAN);
    await db.query(statisticsFunction('reintegration_statistics', REINTEGRATION_MEASURES, subquery(CELLS), 'SECURITY DEFINER'));
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(STATISTICS_FUNCTIONS_V2[1]);
    await db.query(`DROP FUNCTION statistics_perturbed_mean(bigint, bigint, bigint, int)`);
    await db.query(`ALTER TABLE follow_ups DROP COLUMN statistics_key`);
  }
}
