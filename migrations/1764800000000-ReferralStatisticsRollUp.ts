import { MigrationInterface, QueryRunner } from 'typeorm';
import { STATISTICS_FUNCTIONS_V2 } from './1764700000000-StatisticsJoinsOnDemand.js';

/** The referral counts by every dimension a referral row holds itself; the subject's gender stays with the rows. */
const CELL_KEY = ['sender_country', 'receiver_country', 'year', 'status', 'age_band', 'exploitation_types'];
const KEY_LIST = CELL_KEY.join(', ');
const KEY_POSITIONS = CELL_KEY.map((_, i) => i + 1).join(', ');

/**
 * The cell of a referral row `x`, with what the direct count did at query time done once: a year in UTC, an
 * unknown age band, and the exploitation types as a set ('UNKNOWN' for none), so that summing cells per type
 * counts each referral once per type as count(DISTINCT id) did.
 */
const cellOf = (x: string) => `${x}.sender_country, ${x}.receiver_country,
  extract(year FROM ${x}.submitted_at AT TIME ZONE 'UTC')::int AS year, ${x}.status::text AS status,
  coalesce(${x}.age_band, 'UNKNOWN') AS age_band,
  CASE WHEN cardinality(${x}.exploitation_types) = 0 THEN ARRAY['UNKNOWN']
       ELSE ARRAY(SELECT DISTINCT coalesce(t, 'UNKNOWN') FROM unnest(${x}.exploitation_types) AS t ORDER BY 1) END AS exploitation_types,
  ${x}.arrived_on IS NOT NULL AS returned`;
const counted = (x: string) => `${x}.status <> 'DRAFT' AND ${x}.submitted_at IS NOT NULL`;

/** Adds the counted rows of `changes` (each with its sign) to their cells; keys in order, so concurrent writers lock alike. */
const applyChanges = (changes: string) => `
  INSERT INTO referral_statistics_cells AS c (${KEY_LIST}, referrals, returns)
  SELECT ${KEY_LIST}, sum(sign), coalesce(sum(sign) FILTER (WHERE returned), 0) FROM (${changes}) AS changed
  GROUP BY ${KEY_POSITIONS}
  HAVING sum(sign) <> 0 OR coalesce(sum(sign) FILTER (WHERE returned), 0) <> 0
  ORDER BY ${KEY_POSITIONS}
  ON CONFLICT (${KEY_LIST}) DO UPDATE SET referrals = c.referrals + excluded.referrals, returns = c.returns + excluded.returns`;
const added = `SELECT 1 AS sign, ${cellOf('n')} FROM new_rows n WHERE ${counted('n')}`;
const removed = `SELECT -1 AS sign, ${cellOf('o')} FROM old_rows o WHERE ${counted('o')}`;

/** One trigger function per event: each reads only the transition tables its event has. */
const TRIGGERS = [
  { event: 'INSERT', tables: 'NEW TABLE AS new_rows', changes: added },
  { event: 'UPDATE', tables: 'OLD TABLE AS old_rows NEW TABLE AS new_rows', changes: `${added} UNION ALL ${removed}` },
  { event: 'DELETE', tables: 'OLD TABLE AS old_rows', changes: removed },
].map(({ event, tables, changes }) => ({
  fn: `referral_statistics_on_${event.toLowerCase()}`,
  trigger: `referral_statistics_${event.toLowerCase()}`,
  event,
  tables,
  changes,
}));

/** What a dimension reads in a cell; EXPLOITATION_TYPE is one element of the cell's set. */
const CELL_DIMENSIONS = `CASE d
  WHEN 'SENDER_COUNTRY' THEN 'c.sender_country' WHEN 'RECEIVER_COUNTRY' THEN 'c.receiver_country'
  WHEN 'YEAR' THEN 'c.year::text' WHEN 'STATUS' THEN 'c.status' WHEN 'AGE_BAND' THEN 'c.age_band'
  WHEN 'EXPLOITATION_TYPE' THEN 'e.type' END`;

/**
 * The counts from the cells. A total over the exploitation types ('*') is summed from the cells as they are,
 * every other row per type from the cells unnested: a referral with two types is counted under each type and
 * once in their total, as before. Grouping by GENDER still counts the rows (referral_statistics_from_rows).
 */
const REFERRAL_STATISTICS = `CREATE OR REPLACE FUNCTION referral_statistics(p_group_by text[], p_years int[], p_sender_countries text[], p_receiver_countries text[])
  RETURNS TABLE (keys text[], referrals bigint, returns bigint)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp SET TimeZone = 'UTC' AS $fn$
  DECLARE d text; expression text; key text; by_type boolean := 'EXPLOITATION_TYPE' = ANY (p_group_by);
    typed text[] := '{}'; totals text[] := '{}'; others text[] := '{}'; grouping text; query text;
    measures text := 'coalesce(sum(c.referrals), 0)::bigint, coalesce(sum(c.returns), 0)::bigint';
    filters text := 'c.referrals > 0 AND ($1 IS NULL OR c.year = ANY ($1)) AND ($2 IS NULL OR c.sender_country = ANY ($2))
      AND ($3 IS NULL OR c.receiver_country = ANY ($3))';
  BEGIN
    IF 'GENDER' = ANY (p_group_by) THEN
      RETURN QUERY SELECT * FROM referral_statistics_from_rows(p_group_by, p_years, p_sender_countries, p_receiver_countries);
      RETURN;
    END IF;
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
    query := format('SELECT ARRAY[%s]::text[], %s FROM referral_statistics_cells c WHERE %s GROUP BY %s',
      array_to_string(totals, ', '), measures, filters, grouping);
    IF by_type THEN
      query := query || format(' UNION ALL SELECT ARRAY[%s]::text[], %s FROM referral_statistics_cells c
        CROSS JOIN LATERAL unnest(c.exploitation_types) AS e(type) WHERE %s GROUP BY e.type%s',
        array_to_string(typed, ', '), measures, filters, CASE WHEN cardinality(others) = 0 THEN '' ELSE ', ' || grouping END);
    END IF;
    RETURN QUERY EXECUTE query USING p_years, p_sender_countries, p_receiver_countries;
  END $fn$`;

/** The referral counts grouped by gender read the rows, which the previous function did for every grouping. */
const FROM_ROWS = STATISTICS_FUNCTIONS_V2[0]
  .replace('FUNCTION referral_statistics(', 'FUNCTION referral_statistics_from_rows(')
  .replace('SECURITY DEFINER ', '');

/**
 * Referral statistics from a roll-up that the writes keep: one row per combination of the dimensions a
 * referral row holds, with its counts, maintained by statement-level triggers on referrals from their
 * transition tables (one aggregate per statement, however many rows it writes). A dashboard's query then sums
 * a few thousand cells instead of scanning and grouping every referral the network has sent. Only the
 * functions read the cells: the application role has no privilege on them.
 */
export class ReferralStatisticsRollUp1764800000000 implements MigrationInterface {
  name = 'ReferralStatisticsRollUp1764800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE referral_statistics_cells (
      sender_country varchar(2) NOT NULL, receiver_country varchar(2) NOT NULL, year int NOT NULL, status varchar(20) NOT NULL,
      age_band varchar(10) NOT NULL, exploitation_types text[] NOT NULL, referrals bigint NOT NULL, returns bigint NOT NULL,
      CONSTRAINT "PK_referral_statistics_cells" PRIMARY KEY (${KEY_LIST}))`);
    await db.query(`REVOKE ALL ON referral_statistics_cells FROM PUBLIC`);
    for (const { fn, trigger, event, tables, changes } of TRIGGERS) {
      await db.query(`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
        BEGIN ${applyChanges(changes)}; RETURN NULL; END $fn$`);
      await db.query(`REVOKE ALL ON FUNCTION ${fn}() FROM PUBLIC`);
      await db.query(
        `CREATE TRIGGER ${trigger} AFTER ${event} ON referrals REFERENCING ${tables} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
      );
    }
    await db.query(`CREATE FUNCTION referral_statistics_on_truncate() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
      SET search_path = public, pg_temp AS $fn$ BEGIN TRUNCATE referral_statistics_cells; RETURN NULL; END $fn$`);
    await db.query(`REVOKE ALL ON FUNCTION referral_statistics_on_truncate() FROM PUBLIC`);
    await db.query(
      `CREATE TRIGGER referral_statistics_truncate AFTER TRUNCATE ON referrals FOR EACH STATEMENT EXECUTE FUNCTION referral_statistics_on_truncate()`,
    );
    await db.query(applyChanges(`SELECT 1 AS sign, ${cellOf('r')} FROM referrals r WHERE ${counted('r')}`));

    await db.query(FROM_ROWS);
    await db.query(`REVOKE ALL ON FUNCTION referral_statistics_from_rows(text[], int[], text[], text[]) FROM PUBLIC`);
    await db.query(REFERRAL_STATISTICS);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(STATISTICS_FUNCTIONS_V2[0]);
    await db.query(`DROP FUNCTION referral_statistics_from_rows(text[], int[], text[], text[])`);
    await db.query(`DROP TRIGGER referral_statistics_truncate ON referrals`);
    await db.query(`DROP FUNCTION referral_statistics_on_truncate()`);
    for (const { fn, trigger } of TRIGGERS) {
      await db.query(`DROP TRIGGER ${trigger} ON referrals`);
      await db.query(`DROP FUNCTION ${fn}()`);
    }
    await db.query(`DROP TABLE referral_statistics_cells`);
  }
}
