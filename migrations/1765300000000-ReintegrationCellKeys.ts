import { MigrationInterface, QueryRunner } from 'typeorm';
import { STATISTICS_FUNCTIONS_V2 } from './1764700000000-StatisticsJoinsOnDemand.js';
import {
  CellMeasures,
  KEY_LIST,
  RollUp,
  applyChanges,
  cellDimensions,
  counted,
  installTriggers,
  rollUpTriggers,
  statisticsFunction,
  subquery,
  summed,
} from './1765200000000-StatisticsCellKeys.js';

/**
 * Reintegration statistics by the cell key method too (issue 19): the count of reports and the mean scores that
 * rest on them no longer tell a small cell apart by differencing.
 *
 * - Each follow-up carries a secret random key, so every version of its report keeps the same key: submitting a
 *   correction cannot draw a new adjustment for the same cell.
 * - The cells are those of the referral statistics, kept in a roll-up of their own by triggers on the reports and
 *   on the referrals (a referral that changes status or country takes its reports to another cell); a cell's count
 *   of reports is adjusted like a referral count.
 * - A cell's mean score is rounded to the half point (which hides how many reports it rests on) and then moved by
 *   -1, -0.5, 0, +0.5 or +1 as its key sum picks, kept within 1 to 5 by reflection. Every mean shown for a cell fits
 *   at least two rounded true means, so no question, or number of questions, pins a small cell's mean down.
 * - A row's mean is the mean of its cells' adjusted means weighted by their adjusted counts: the same cell weighs
 *   the same wherever it is summed.
 */
const SCORES = ['economic', 'social', 'psychosocial'];

/**
 * The adjustment of a cell's mean score. Inlined into the query (one expression, no FROM): a step from the key
 * sum's hash, and `5 - |4 - |v - 1||` reflects a value moved past 1 or 5 back inside.
 */
const PERTURBED_MEAN = `CREATE FUNCTION statistics_perturbed_mean(total bigint, count bigint, key_sum bigint, seed int) RETURNS numeric
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
  SELECT CASE WHEN count > 0 THEN 5 - abs(4 - abs(round(total * 2.0 / count) / 2 - 1
    + (ARRAY[-1, -0.5, 0, 0.5, 1])[(hashint8extended(key_sum, seed) & 65535) % 5 + 1])) END $fn$`;

const ROLL_UP: RollUp = {
  table: 'reintegration_statistics_cells',
  sums: { reports: 'sum(sign)', key_sum: 'sum(sign * key)', ...Object.fromEntries(SCORES.map((s) => [s, `sum(sign * ${s})`])) },
};

/** Signed current reports `f` of referrals `r` (and their follow-ups' keys), each in its referral's cell. */
const reports = (sign: number, from: string) => `SELECT ${sign} AS sign, ${cellDimensions('r')}, u.statistics_key AS key,
    ${SCORES.map((s) => `f.${s}_score AS ${s}`).join(', ')}
  FROM ${from} JOIN follow_ups u ON u.id = f.follow_up_id WHERE f.superseded_at IS NULL AND ${counted('r')}`;
const CURRENT = reports(1, 'follow_up_reports f JOIN referrals r ON r.id = f.referral_id');

const ON_REPORTS = rollUpTriggers('reintegration_statistics', [
  { event: 'INSERT', tables: 'NEW TABLE AS new_rows', changes: reports(1, 'new_rows f JOIN referrals r ON r.id = f.referral_id') },
  {
    event: 'UPDATE',
    tables: 'OLD TABLE AS old_rows NEW TABLE AS new_rows',
    changes: `${reports(1, 'new_rows f JOIN referrals r ON r.id = f.referral_id')}
      UNION ALL ${reports(-1, 'old_rows f JOIN referrals r ON r.id = f.referral_id')}`,
  },
  { event: 'DELETE', tables: 'OLD TABLE AS old_rows', changes: reports(-1, 'old_rows f JOIN referrals r ON r.id = f.referral_id') },
]);
/** A referral that changes moves its reports from the cell it was in to the one it is in now. */
const ON_REFERRALS = rollUpTriggers('reintegration_statistics_referral', [
  {
    event: 'UPDATE',
    tables: 'OLD TABLE AS old_rows NEW TABLE AS new_rows',
    changes: `${reports(1, 'new_rows r JOIN follow_up_reports f ON f.referral_id = r.id')}
      UNION ALL ${reports(-1, 'old_rows r JOIN follow_up_reports f ON f.referral_id = r.id')}`,
  },
]);

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
const SIGNATURE = '(text[], int[], text[], text[])';

export class ReintegrationCellKeys1765300000000 implements MigrationInterface {
  name = 'ReintegrationCellKeys1765300000000';

  async up(db: QueryRunner): Promise<void> {
    // new_statistics_key() is volatile: every existing follow-up gets a key of its own.
    await db.query(`ALTER TABLE follow_ups ADD COLUMN statistics_key smallint NOT NULL DEFAULT new_statistics_key()`);
    await db.query(
      `COMMENT ON COLUMN follow_ups.statistics_key IS 'Secret: the statistics functions derive each cell''s adjustment from it; no API reads it'`,
    );
    await db.query(`CREATE TABLE reintegration_statistics_cells (
      sender_country varchar(2) NOT NULL, receiver_country varchar(2) NOT NULL, year int NOT NULL, status varchar(20) NOT NULL,
      age_band varchar(10) NOT NULL, gender varchar(10) NOT NULL, exploitation_types text[] NOT NULL,
      reports bigint NOT NULL, key_sum bigint NOT NULL, ${SCORES.map((s) => `${s} bigint NOT NULL`).join(', ')},
      CONSTRAINT "PK_reintegration_statistics_cells" PRIMARY KEY (${KEY_LIST}))`);
    await db.query(`REVOKE ALL ON reintegration_statistics_cells FROM PUBLIC`);
    await installTriggers(db, ROLL_UP, 'follow_up_reports', ON_REPORTS);
    await installTriggers(db, ROLL_UP, 'referrals', ON_REFERRALS);
    await db.query(`CREATE FUNCTION reintegration_statistics_on_truncate() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
      SET search_path = public, pg_temp AS $fn$ BEGIN TRUNCATE reintegration_statistics_cells; RETURN NULL; END $fn$`);
    await db.query(
      `CREATE TRIGGER reintegration_statistics_truncate AFTER TRUNCATE ON follow_up_reports FOR EACH STATEMENT EXECUTE FUNCTION reintegration_statistics_on_truncate()`,
    );
    await db.query(applyChanges(ROLL_UP, CURRENT));
    await db.query(PERTURBED_MEAN);
    await db.query(statisticsFunction('reintegration_statistics', REINTEGRATION_MEASURES, `'${ROLL_UP.table}'`, 'SECURITY DEFINER'));
    // The same answer counted from the reports: only tests call it, to check the roll-up.
    await db.query(
      statisticsFunction('reintegration_statistics_from_rows', REINTEGRATION_MEASURES, subquery(summed(ROLL_UP, CURRENT)), ''),
    );
    await db.query(`REVOKE ALL ON FUNCTION reintegration_statistics_from_rows${SIGNATURE} FROM PUBLIC`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(STATISTICS_FUNCTIONS_V2[1]);
    await db.query(`DROP FUNCTION reintegration_statistics_from_rows${SIGNATURE}`);
    await db.query(`DROP FUNCTION statistics_perturbed_mean(bigint, bigint, bigint, int)`);
    await db.query(`DROP TRIGGER reintegration_statistics_truncate ON follow_up_reports`);
    await db.query(`DROP FUNCTION reintegration_statistics_on_truncate()`);
    for (const [table, triggers] of [
      ['follow_up_reports', ON_REPORTS],
      ['referrals', ON_REFERRALS],
    ] as const) {
      for (const { fn, trigger } of triggers) {
        await db.query(`DROP TRIGGER ${trigger} ON ${table}`);
        await db.query(`DROP FUNCTION ${fn}()`);
      }
    }
    await db.query(`DROP TABLE reintegration_statistics_cells`);
    await db.query(`ALTER TABLE follow_ups DROP COLUMN statistics_key`);
  }
}
