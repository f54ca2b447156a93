import { MigrationInterface, QueryRunner } from 'typeorm';
import { ReferralStatisticsRollUp1764800000000 } from './1764800000000-ReferralStatisticsRollUp.js';

/**
 * Referral statistics that no number of questions can difference (issue 19), by the cell key method applied to
 * one hidden table: the roll-up's cells, now one per combination of every dimension the statistics offer (gender
 * included, so that no grouping reads the rows any more).
 *
 * - Each referral carries a secret random key (0-255) that nothing outside these functions reads.
 * - Each cell keeps the sum of its referrals' keys (and of its returned referrals' keys); with its count, that
 *   key picks a fixed adjustment (statistics_perturbed): -2..+2, never 0 for a count of 1 to 10, never below 0.
 * - Every answer is a sum of adjusted cells. However many questions are asked, with whatever filters and
 *   groupings, they can tell at most the adjusted cells, and an adjusted cell of 1 to 10 fits at least two true
 *   counts: no count below 11 is ever determined. The same cell is the same number whichever way it is reached.
 */
const DIMENSIONS = ['sender_country', 'receiver_country', 'year', 'status', 'age_band', 'gender', 'exploitation_types'];
/** The cell dimensions, as a column list and as GROUP BY positions (exported, like the pieces below, for the reintegration cells). */
export const KEY_LIST = DIMENSIONS.join(', ');
export const KEY_POSITIONS = DIMENSIONS.map((_, i) => i + 1).join(', ');

/** The cell of a referral row `x`: what the counts are grouped by. */
export const cellDimensions = (x: string) => `${x}.sender_country, ${x}.receiver_country,
  extract(year FROM ${x}.submitted_at AT TIME ZONE 'UTC')::int AS year, ${x}.status::text AS status,
  coalesce(${x}.age_band, 'UNKNOWN') AS age_band, coalesce(${x}.gender, 'UNKNOWN') AS gender,
  CASE WHEN cardinality(${x}.exploitation_types) = 0 THEN ARRAY['UNKNOWN']
       ELSE ARRAY(SELECT DISTINCT coalesce(t, 'UNKNOWN') FROM unnest(${x}.exploitation_types) AS t ORDER BY 1) END AS exploitation_types`;
/** A referral row's cell and what it adds to the cell. */
const cellOf = (x: string) => `${cellDimensions(x)},
  ${x}.arrived_on IS NOT NULL AS returned, ${x}.statistics_key AS key`;
export const counted = (x: string) => `${x}.status <> 'DRAFT' AND ${x}.submitted_at IS NOT NULL`;

/** A table of cells kept by triggers: what each of its columns adds up from signed rows (1 added, -1 removed). */
export interface RollUp {
  table: string;
  sums: Record<string, string>;
}

const REFERRAL_ROLL_UP: RollUp = {
  table: 'referral_statistics_cells',
  sums: {
    referrals: 'sum(sign)',
    returns: 'coalesce(sum(sign) FILTER (WHERE returned), 0)',
    key_sum: 'sum(sign * key)',
    returns_key_sum: 'coalesce(sum(sign * key) FILTER (WHERE returned), 0)',
  },
};

/** The sums of signed rows, per cell. */
export const summed = ({ sums }: RollUp, rows: string) => `SELECT ${KEY_LIST}, ${Object.entries(sums)
  .map(([column, sum]) => `${sum} AS ${column}`)
  .join(', ')}
  FROM (${rows}) AS changed GROUP BY ${KEY_POSITIONS}`;

/** Adds the sums of signed rows to the cells (in the order of the key, so that concurrent statements do not deadlock). */
export const applyChanges = (rollUp: RollUp, changes: string) => {
  const columns = Object.keys(rollUp.sums);
  return `
  INSERT INTO ${rollUp.table} AS c (${KEY_LIST}, ${columns.join(', ')})
  SELECT * FROM (${summed(rollUp, changes)}) AS s
  WHERE ${columns.map((column) => `s.${column} <> 0`).join(' OR ')}
  ORDER BY ${KEY_POSITIONS}
  ON CONFLICT (${KEY_LIST}) DO UPDATE SET ${columns.map((column) => `${column} = c.${column} + excluded.${column}`).join(', ')}`;
};

/** Statement triggers on `table` that keep the roll-up: `changes` gives the signed rows from the transition tables. */
export const rollUpTriggers = (prefix: string, events: { event: string; tables: string; changes: string }[]) =>
  events.map(({ event, tables, changes }) => ({
    fn: `${prefix}_on_${event.toLowerCase()}`,
    trigger: `${prefix}_${event.toLowerCase()}`,
    event,
    tables,
    changes,
  }));

export async function installTriggers(db: QueryRunner, rollUp: RollUp, table: string, triggers: ReturnType<typeof rollUpTriggers>) {
  for (const { fn, trigger, event, tables, changes } of triggers) {
    await db.query(`CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = public, pg_temp AS $fn$ BEGIN ${applyChanges(rollUp, changes)}; RETURN NULL; END $fn$`);
    await db.query(
      `CREATE TRIGGER ${trigger} AFTER ${event} ON ${table} REFERENCING ${tables} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
    );
  }
}

const added = `SELECT 1 AS sign, ${cellOf('n')} FROM new_rows n WHERE ${counted('n')}`;
const removed = `SELECT -1 AS sign, ${cellOf('o')} FROM old_rows o WHERE ${counted('o')}`;

const TRIGGERS = rollUpTriggers('referral_statistics', [
  { event: 'INSERT', tables: 'NEW TABLE AS new_rows', changes: added },
  { event: 'UPDATE', tables: 'OLD TABLE AS old_rows NEW TABLE AS new_rows', changes: `${added} UNION ALL ${removed}` },
  { event: 'DELETE', tables: 'OLD TABLE AS old_rows', changes: removed },
]);

/**
 * The adjustment table: a count and its cell's key sum give the number shown. Zero stays zero (it identifies no
 * one); 1 becomes 0 or 2; 2 to 10 move by -2, -1, +1 or +2; from 11 on by -2 to +2. Each is as likely as its
 * opposite, so sums of many cells stay unbiased.
 */
const PERTURBED = `CREATE FUNCTION statistics_perturbed(count bigint, key_sum bigint) RETURNS bigint
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
  SELECT CASE WHEN count <= 0 THEN 0::bigint
    WHEN count = 1 THEN CASE WHEN mod(key_sum, 256) < 128 THEN 0::bigint ELSE 2::bigint END
    WHEN count <= 10 THEN count + (ARRAY[-2, -1, 1, 2])[mod(mod(key_sum, 256), 4) + 1]
    ELSE count + (ARRAY[-2, -1, 0, 1, 2])[mod(mod(key_sum, 256), 5) + 1] END $fn$`;

const CELL_DIMENSIONS = `CASE d
  WHEN 'SENDER_COUNTRY' THEN 'c.sender_country' WHEN 'RECEIVER_COUNTRY' THEN 'c.receiver_country'
  WHEN 'YEAR' THEN 'c.year::text' WHEN 'STATUS' THEN 'c.status' WHEN 'AGE_BAND' THEN 'c.age_band'
  WHEN 'GENDER' THEN 'c.gender' WHEN 'EXPLOITATION_TYPE' THEN 'e.type' END`;

/** What a statistics function returns from its cells (none of it may hold a quote). */
export interface CellMeasures {
  /** The columns returned after `keys`. */
  returns: string;
  /** Each cell's adjusted numbers, as columns of `c`. */
  adjusted: string;
  /** Which cells hold anything. */
  present: string;
  /** A row's numbers, from the adjusted numbers of its cells. */
  measures: string;
}

const REFERRAL_MEASURES: CellMeasures = {
  returns: 'referrals bigint, returns bigint',
  adjusted: `statistics_perturbed(c.referrals, c.key_sum) AS shown_referrals,
        statistics_perturbed(c.returns, c.returns_key_sum) AS shown_returns`,
  present: 'c.referrals > 0',
  measures: 'coalesce(sum(c.shown_referrals), 0)::bigint, coalesce(sum(c.shown_returns), 0)::bigint',
};

/**
 * The answer from cells: each cell adjusted, then summed into the rows asked for (with every total, as CUBE
 * makes them). A total over the exploitation types ('*') sums the cells as they are; every other row per type
 * sums the cells unnested, so that a referral with two types counts under each and once in their total.
 * `cells` is the roll-up, or (for the check that the roll-up is right) the same cells counted from the rows.
 */
export const statisticsFunction = (
  name: string,
  shape: CellMeasures,
  cells: string,
  security: string,
) => `CREATE OR REPLACE FUNCTION ${name}(
    p_group_by text[], p_years int[], p_sender_countries text[], p_receiver_countries text[])
  RETURNS TABLE (keys text[], ${shape.returns})
  LANGUAGE plpgsql STABLE ${security} SET search_path = public, pg_temp SET TimeZone = 'UTC' AS $fn$
  DECLARE d text; expression text; key text; by_type boolean := 'EXPLOITATION_TYPE' = ANY (p_group_by);
    typed text[] := '{}'; totals text[] := '{}'; others text[] := '{}'; grouping text; query text;
    measures text := '${shape.measures}';
    -- Each cell adjusted once, before CUBE sums it into every grouping set.
    adjusted text := format('(SELECT c.*, ${shape.adjusted} FROM %s c
      WHERE ${shape.present} AND ($1 IS NULL OR c.year = ANY ($1)) AND ($2 IS NULL OR c.sender_country = ANY ($2))
        AND ($3 IS NULL OR c.receiver_country = ANY ($3)))', ${cells});
  BEGIN
    FOREACH d IN ARRAY p_group_by LOOP
      expression := ${CELL_DIMENSIONS};
      IF expression IS NULL THEN RAISE EXCEPTION 'unknown statistics dimension'; END IF;
      IF d = 'EXPLOITATION_TYPE' THEN
        typed := typed || expression;
        totals := totals || quote_literal('*');
      ELSE
        key := format('CASE WHEN GROUPING(%s) = 1 THEN ''*'' ELSE %s END', expression, expression);
        typed := typed || key;
        totals := totals || key;
        others := others || expression;
      END IF;
    END LOOP;
    grouping := CASE WHEN cardinality(others) = 0 THEN '()' ELSE 'CUBE (' || array_to_string(others, ', ') || ')' END;
    query := format('SELECT ARRAY[%s]::text[], %s FROM %s c GROUP BY %s', array_to_string(totals, ', '), measures, adjusted, grouping);
    IF by_type THEN
      query := query || format(' UNION ALL SELECT ARRAY[%s]::text[], %s FROM %s c
        CROSS JOIN LATERAL unnest(c.exploitation_types) AS e(type) GROUP BY e.type%s',
        array_to_string(typed, ', '), measures, adjusted, CASE WHEN cardinality(others) = 0 THEN '' ELSE ', ' || grouping END);
    END IF;
    RETURN QUERY EXECUTE query USING p_years, p_sender_countries, p_receiver_countries;
  END $fn$`;

/** A query as a literal for `statisticsFunction`'s `cells`. */
export const subquery = (sql: string) => `'(${sql.replace(/'/g, "''")})'`;

const FROM_CELLS = statisticsFunction('referral_statistics', REFERRAL_MEASURES, `'referral_statistics_cells'`, 'SECURITY DEFINER');
/** The same answer counted from the referral rows: only tests call it, to check the roll-up. */
const FROM_ROWS = statisticsFunction(
  'referral_statistics_from_rows',
  REFERRAL_MEASURES,
  subquery(summed(REFERRAL_ROLL_UP, `SELECT 1 AS sign, ${cellOf('r')} FROM referrals r WHERE ${counted('r')}`)),
  '',
);

export class StatisticsCellKeys1765200000000 implements MigrationInterface {
  name = 'StatisticsCellKeys1765200000000';

  async up(db: QueryRunner): Promise<void> {
    for (const { trigger } of TRIGGERS) await db.query(`DROP TRIGGER ${trigger} ON referrals`);
    // A volatile default gives every existing referral a key of its own.
    await db.query(`CREATE FUNCTION new_statistics_key() RETURNS smallint LANGUAGE sql VOLATILE AS $fn$
      SELECT floor(random() * 256)::smallint $fn$`);
    await db.query(`ALTER TABLE referrals ADD COLUMN gender varchar(10),
      ADD COLUMN statistics_key smallint NOT NULL DEFAULT new_statistics_key()`);
    await db.query(
      `COMMENT ON COLUMN referrals.statistics_key IS 'Secret: the statistics functions derive each cell''s adjustment from it; no API reads it'`,
    );
    await db.query(`UPDATE referrals r SET gender = s.gender FROM subjects s WHERE s.id = r.subject_id`);
    await db.query(`DROP TABLE referral_statistics_cells`);
    await db.query(`CREATE TABLE referral_statistics_cells (
      sender_country varchar(2) NOT NULL, receiver_country varchar(2) NOT NULL, year int NOT NULL, status varchar(20) NOT NULL,
      age_band varchar(10) NOT NULL, gender varchar(10) NOT NULL, exploitation_types text[] NOT NULL,
      referrals bigint NOT NULL, returns bigint NOT NULL, key_sum bigint NOT NULL, returns_key_sum bigint NOT NULL,
      CONSTRAINT "PK_referral_statistics_cells" PRIMARY KEY (${KEY_LIST}))`);
    await db.query(`REVOKE ALL ON referral_statistics_cells FROM PUBLIC`);
    await installTriggers(db, REFERRAL_ROLL_UP, 'referrals', TRIGGERS);
    await db.query(applyChanges(REFERRAL_ROLL_UP, `SELECT 1 AS sign, ${cellOf('r')} FROM referrals r WHERE ${counted('r')}`));
    await db.query(PERTURBED);
    await db.query(`DROP FUNCTION referral_statistics_from_rows(text[], int[], text[], text[])`);
    await db.query(FROM_ROWS);
    await db.query(`REVOKE ALL ON FUNCTION referral_statistics_from_rows(text[], int[], text[], text[]) FROM PUBLIC`);
    await db.query(FROM_CELLS);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION referral_statistics_from_rows(text[], int[], text[], text[])`);
    await db.query(`DROP FUNCTION statistics_perturbed(bigint, bigint)`);
    for (const { fn, trigger } of TRIGGERS) {
      await db.query(`DROP TRIGGER ${trigger} ON referrals`);
      await db.query(`DROP FUNCTION ${fn}()`);
    }
    await db.query(`DROP TRIGGER referral_statistics_truncate ON referrals`);
    await db.query(`DROP FUNCTION referral_statistics_on_truncate()`);
    await db.query(`DROP TABLE referral_statistics_cells`);
    await db.query(`ALTER TABLE referrals DROP COLUMN gender, DROP COLUMN statistics_key`);
    await db.query(`DROP FUNCTION new_statistics_key()`);
    await new ReferralStatisticsRollUp1764800000000().up(db);
  }
}
