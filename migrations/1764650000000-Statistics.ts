import { MigrationInterface, QueryRunner } from 'typeorm';

const filters = `r.status <> 'DRAFT' AND r.submitted_at IS NOT NULL
  AND ($1 IS NULL OR extract(year FROM r.submitted_at)::int = ANY ($1))
  AND ($2 IS NULL OR r.sender_country = ANY ($2))
  AND ($3 IS NULL OR r.receiver_country = ANY ($3))`;
/** PL/pgSQL: sets `keys` (each key, '*' in a total) and `grouping` (the CUBE) from `expressions`. */
export const CUBE_KEYS = `IF cardinality(expressions) = 0 THEN keys := 'ARRAY[]::text[]'; grouping := '()';
    ELSE
      SELECT 'ARRAY[' || string_agg(format('CASE WHEN GROUPING(%s) = 1 THEN ''*'' ELSE coalesce((%s)::text, ''UNKNOWN'') END', x, x), ', ') || ']',
             'CUBE (' || array_to_string(expressions, ', ') || ')'
        INTO keys, grouping FROM unnest(expressions) AS x;
    END IF;`;
const body = (measures: string, from: string) => `
  DECLARE expressions text[] := statistics_grouping(p_group_by); keys text; grouping text;
  BEGIN
    ${CUBE_KEYS}
    RETURN QUERY EXECUTE format('SELECT %s, ${measures} FROM ${from} WHERE ${filters.replace(/'/g, "''")} GROUP BY %s', keys, grouping)
      USING p_years, p_sender_countries, p_receiver_countries;
  END`;
const referralsFrom = `referrals r JOIN subjects s ON s.id = r.subject_id
  LEFT JOIN LATERAL unnest(CASE WHEN cardinality(r.exploitation_types) = 0 THEN ARRAY[''UNKNOWN''] ELSE r.exploitation_types END) AS e(type) ON true`;

/**
 * The first aggregate functions: every grouping joined the subjects and one row per exploitation type,
 * and counted distinct ids. Exported for the migration that replaced them to restore them on revert.
 */
export const STATISTICS_FUNCTIONS_V1 = [
  `CREATE FUNCTION referral_statistics(p_group_by text[], p_years int[], p_sender_countries text[], p_receiver_countries text[])
    RETURNS TABLE (keys text[], referrals bigint, returns bigint)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
    ${body('count(DISTINCT r.id), count(DISTINCT r.id) FILTER (WHERE r.arrived_on IS NOT NULL)', referralsFrom)} $fn$`,
  `CREATE FUNCTION reintegration_statistics(p_group_by text[], p_years int[], p_sender_countries text[], p_receiver_countries text[])
    RETURNS TABLE (keys text[], reports bigint, economic numeric, social numeric, psychosocial numeric)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
    ${body(
      'count(DISTINCT f.id), round(avg(f.economic_score), 2), round(avg(f.social_score), 2), round(avg(f.psychosocial_score), 2)',
      `follow_up_reports f JOIN referrals r ON r.id = f.referral_id AND f.superseded_at IS NULL ${referralsFrom.replace('referrals r JOIN', 'JOIN')}`,
    )} $fn$`,
];

/** National registration figures, and the two functions through which network aggregates cross tenants. */
export class Statistics1764650000000 implements MigrationInterface {
  name = 'Statistics1764650000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE TABLE "registration_figures" ("registration_country" character varying(2) NOT NULL, "year" integer NOT NULL, "nationality" character varying(2) NOT NULL, "nationality_name" character varying(100) NOT NULL, "victims" integer NOT NULL, "source" character varying(200), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_012ef2a223d3c938365ce0aae56" PRIMARY KEY ("registration_country", "year", "nationality"))`,
    );

    // National figures are public aggregates: every member reads them; the service lets analysts import.
    await db.query(`ALTER TABLE registration_figures ENABLE ROW LEVEL SECURITY`);
    await db.query(`ALTER TABLE registration_figures FORCE ROW LEVEL SECURITY`);
    await db.query(
      `CREATE POLICY registration_figures_network ON registration_figures FOR ALL TO ravot_app USING (true) WITH CHECK (true)`,
    );
    await db.query(`GRANT SELECT, INSERT, UPDATE ON registration_figures TO ravot_app`);

    // Network-wide aggregates cross tenants, which the policies forbid by design. These two functions do
    // it and return grouped counts only (totals included, keys '*'); suppression happens in the service.
    await db.query(`CREATE FUNCTION statistics_dimension(p_dimension text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
      SELECT CASE p_dimension
        WHEN 'SENDER_COUNTRY' THEN 'r.sender_country'
        WHEN 'RECEIVER_COUNTRY' THEN 'r.receiver_country'
        WHEN 'YEAR' THEN 'extract(year FROM r.submitted_at)::int::text'
        WHEN 'EXPLOITATION_TYPE' THEN 'e.type'
        WHEN 'STATUS' THEN 'r.status::text'
        WHEN 'GENDER' THEN 's.gender::text'
        WHEN 'AGE_BAND' THEN 'coalesce(r.age_band, ''UNKNOWN'')'
      END $$`);
    await db.query(`CREATE FUNCTION statistics_grouping(p_group_by text[]) RETURNS text[] LANGUAGE plpgsql IMMUTABLE AS $$
      DECLARE d text; expressions text[] := '{}';
      BEGIN
        FOREACH d IN ARRAY p_group_by LOOP
          IF statistics_dimension(d) IS NULL THEN RAISE EXCEPTION 'unknown statistics dimension'; END IF;
          expressions := expressions || statistics_dimension(d);
        END LOOP;
        RETURN expressions;
      END $$`);
    for (const definition of STATISTICS_FUNCTIONS_V1) await db.query(definition);
    for (const fn of ['referral_statistics', 'reintegration_statistics']) {
      await db.query(`REVOKE ALL ON FUNCTION ${fn}(text[], int[], text[], text[]) FROM PUBLIC`);
      await db.query(`GRANT EXECUTE ON FUNCTION ${fn}(text[], int[], text[], text[]) TO ravot_app`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION reintegration_statistics(text[], int[], text[], text[])`);
    await db.query(`DROP FUNCTION referral_statistics(text[], int[], text[], text[])`);
    await db.query(`DROP FUNCTION statistics_grouping(text[])`);
    await db.query(`DROP FUNCTION statistics_dimension(text)`);
    await db.query(`DROP TABLE "registration_figures"`);
  }
}
