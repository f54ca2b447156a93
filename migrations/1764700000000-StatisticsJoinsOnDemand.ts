import { MigrationInterface, QueryRunner } from 'typeorm';
import { CUBE_KEYS, STATISTICS_FUNCTIONS_V1 } from './1764650000000-Statistics.js';

const FILTERS = `r.status <> ''DRAFT'' AND r.submitted_at IS NOT NULL
  AND ($1 IS NULL OR extract(year FROM r.submitted_at)::int = ANY ($1))
  AND ($2 IS NULL OR r.sender_country = ANY ($2))
  AND ($3 IS NULL OR r.receiver_country = ANY ($3))`;

/**
 * The subjects are joined only when grouping by gender, and one row per
 * exploitation type only when grouping by type; only then can a row repeat,
 * so only then is the count a count of distinct ids. A dashboard grouped by
 * countries no longer sorts the whole network three times over. %1$s: keys,
 * %2$s: what is counted, %3$s: the tables, %4$s: the grouping.
 */
const body = (source: string, counted: string, measures: string) => `
  DECLARE expressions text[] := statistics_grouping(p_group_by); keys text; grouping text;
    by_type boolean := 'EXPLOITATION_TYPE' = ANY (p_group_by);
    tables text := '${source}';
  BEGIN
    IF 'GENDER' = ANY (p_group_by) THEN tables := tables || ' JOIN subjects s ON s.id = r.subject_id'; END IF;
    IF by_type THEN
      tables := tables || ' CROSS JOIN LATERAL unnest(CASE WHEN cardinality(r.exploitation_types) = 0 THEN ARRAY[''UNKNOWN''] ELSE r.exploitation_types END) AS e(type)';
    END IF;
    ${CUBE_KEYS}
    RETURN QUERY EXECUTE format('SELECT %1$s, ${measures} FROM %3$s WHERE ${FILTERS} GROUP BY %4$s',
        keys, CASE WHEN by_type THEN 'DISTINCT ${counted}' ELSE '*' END, tables, grouping)
      USING p_years, p_sender_countries, p_receiver_countries;
  END`;

/** Exported for the migration that moved the referral counts to a roll-up, to keep this one for GENDER and to restore it. */
export const STATISTICS_FUNCTIONS_V2 = [
  `CREATE OR REPLACE FUNCTION referral_statistics(p_group_by text[], p_years int[], p_sender_countries text[], p_receiver_countries text[])
    RETURNS TABLE (keys text[], referrals bigint, returns bigint)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
    ${body('referrals r', 'r.id', 'count(%2$s), count(%2$s) FILTER (WHERE r.arrived_on IS NOT NULL)')} $fn$`,
  `CREATE OR REPLACE FUNCTION reintegration_statistics(p_group_by text[], p_years int[], p_sender_countries text[], p_receiver_countries text[])
    RETURNS TABLE (keys text[], reports bigint, economic numeric, social numeric, psychosocial numeric)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
    ${body(
      'follow_up_reports f JOIN referrals r ON r.id = f.referral_id AND f.superseded_at IS NULL',
      'f.id',
      'count(%2$s), round(avg(f.economic_score), 2), round(avg(f.social_score), 2), round(avg(f.psychosocial_score), 2)',
    )} $fn$`,
];

/** Network aggregates join what their grouping needs and no more (see `body`). */
export class StatisticsJoinsOnDemand1764700000000 implements MigrationInterface {
  name = 'StatisticsJoinsOnDemand1764700000000';

  async up(db: QueryRunner): Promise<void> {
    for (const definition of STATISTICS_FUNCTIONS_V2) await db.query(definition);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const definition of STATISTICS_FUNCTIONS_V1) await db.query(definition.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION'));
  }
}
