-- Scenario 3's statement alone, in the database, without the service or the load around it: the search as it was
-- (stems only) against the widened search, 200 times each, alternating. The shared machine's noise swamps the
-- difference in the HTTP benchmark; this measures what the widening adds to the statement itself.
--   psql -h 127.0.0.1 -U postgres -d ravot_h_search_bench -f bench/search-statement.sql
\set ON_ERROR_STOP on
CREATE TEMP TABLE timings (variant text, language text, ms float8);
CREATE FUNCTION pg_temp.time_search(p_variant text, p_config text, p_search text, p_runs int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz;
BEGIN
  FOR i IN 1..p_runs LOOP
    t0 := clock_timestamp();
    IF p_variant = 'stems only' THEN
      PERFORM p.id, ts_rank(p.search_vector, websearch_to_tsquery(CAST(p.search_config AS regconfig), p_search)) AS rank
      FROM practices p JOIN organisations o ON o.id = p.organisation_id
      WHERE p.status = 'PUBLISHED'
        AND p.id IN (SELECT m.practice_id FROM practice_search_matches(websearch_to_tsquery(CAST(p_config AS regconfig), p_search)) m)
        AND p.search_vector @@ websearch_to_tsquery(CAST(p.search_config AS regconfig), p_search)
      ORDER BY rank DESC, p.id LIMIT 21;
    ELSE
      WITH readings AS MATERIALIZED (SELECT config, query FROM practice_search_readings(ARRAY[p_config], p_search))
      SELECT count(*) INTO STRICT i FROM (
        SELECT p.id, ts_rank(p.search_vector, (SELECT r.query FROM readings r WHERE r.config = p.search_config)) AS rank
        FROM practices p JOIN organisations o ON o.id = p.organisation_id
        WHERE p.status = 'PUBLISHED'
          AND p.id IN (SELECT m.practice_id FROM practice_search_matches((SELECT CAST(string_agg('(' || q || ')', ' | ') AS tsquery)
                                                                        FROM (SELECT DISTINCT CAST(query AS text) AS q FROM readings) d)) m)
          AND p.search_vector @@ (SELECT r.query FROM readings r WHERE r.config = p.search_config)
        ORDER BY rank DESC, p.id LIMIT 21) page;
    END IF;
    INSERT INTO timings VALUES (p_variant, p_config, extract(epoch FROM clock_timestamp() - t0) * 1000);
  END LOOP;
END $$;
SELECT pg_temp.time_search(v, c, s, 20) FROM (VALUES ('hungarian', 'reintegrációs támogatás'), ('english', 'reintegration support')) AS q(c, s),
  (VALUES ('stems only'), ('widened')) AS w(v), generate_series(1, 10) AS round;
SELECT language, variant, count(*) AS runs, round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 2) AS p50_ms,
       round(percentile_cont(0.95) WITHIN GROUP (ORDER BY ms)::numeric, 2) AS p95_ms
FROM timings GROUP BY 1, 2 ORDER BY 1, 2;
