import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search that finds what case workers type (issue 24): each word of a search, once stemmed, also matches the words
 * of published records that begin with it (áldozat -> áldoz finds áldozatok -> áldozat), that it begins with
 * (terugkeerders finds terugkeer), that differ from it only in diacritics (aldozat, visszateres) or by a letter or
 * two (trigram similarity: typos, and Bulgarian, which PostgreSQL cannot stem).
 *
 * The records' vectors stay as they are; the search is widened instead. A lexicon holds every word (lexeme) of the
 * published records' vectors with its form without diacritics, indexed by trigrams. practice_search_query rewrites
 * a search's tsquery, lexeme by lexeme, into an OR of the lexicon's words near each one, so the GIN index of the
 * vectors still finds the records, and ts_headline highlights the words that matched. Only published records feed
 * the lexicon: a draft's words must not shape what another organisation's search matches. The lexicon never shrinks
 * (words once published were public); a stale word matches nothing.
 */
export class ForgivingPracticeSearch1765800000000 implements MigrationInterface {
  name = 'ForgivingPracticeSearch1765800000000';

  async up(db: QueryRunner): Promise<void> {
    // Both are trusted extensions (PostgreSQL 13+) and ship with PGlite, which loads them at start (embedded-postgres).
    await db.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await db.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);

    await db.query(`CREATE TABLE practice_lexemes (
      lexeme text NOT NULL,
      plain text COLLATE "C" NOT NULL,
      CONSTRAINT "PK_practice_lexemes" PRIMARY KEY (lexeme))`);
    // Byte order ("C") lets one B-tree serve both the equality and the prefix look-ups; trigrams serve the rest, without
    // a pending list (as the vectors' index): words are added seldom, and every search would read the list whole.
    await db.query(`CREATE INDEX "IDX_practice_lexemes_plain" ON practice_lexemes (plain)`);
    await db.query(
      `CREATE INDEX "IDX_practice_lexemes_trigrams" ON practice_lexemes USING gin (plain gin_trgm_ops) WITH (fastupdate = off)`,
    );
    await db.query(`REVOKE ALL ON practice_lexemes FROM PUBLIC`);

    await db.query(`CREATE FUNCTION practices_record_lexemes() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        INSERT INTO practice_lexemes (lexeme, plain)
          SELECT l, lower(unaccent(l)) FROM unnest(tsvector_to_array(NEW.search_vector)) AS l
          ON CONFLICT (lexeme) DO NOTHING;
        RETURN NULL;
      END $$`);
    await db.query(`CREATE TRIGGER practices_record_lexemes
      AFTER INSERT OR UPDATE OF title, summary, body, search_config, status ON practices
      FOR EACH ROW WHEN (NEW.status = 'PUBLISHED') EXECUTE FUNCTION practices_record_lexemes()`);
    await db.query(`INSERT INTO practice_lexemes (lexeme, plain)
      SELECT DISTINCT l, lower(unaccent(l)) FROM practices p, unnest(tsvector_to_array(p.search_vector)) AS l
      WHERE p.status = 'PUBLISHED' ON CONFLICT (lexeme) DO NOTHING`);

    // The words of the lexicon near one stemmed search word, as a parenthesised OR of quoted lexemes. p_unstemmed:
    // the word comes from a configuration without a stemmer, so two final letters are dropped before prefix matching
    // (Bulgarian жертва finds жертви and жертвите). Each kind of neighbour is capped so a short word cannot explode.
    // Sequential scans are off inside: on a small lexicon the planner prefers to read it whole for the trigram match,
    // which costs every search the whole lexicon; through the trigram index a word reads a few dozen pages. JIT is off
    // with them: a plan that must still scan would look costly enough to be compiled, 250 ms for nothing.
    await db.query(`CREATE FUNCTION practice_lexeme_neighbours(p_lexeme text, p_unstemmed boolean) RETURNS text
      LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp SET enable_seqscan = off SET jit = off AS $$
      DECLARE
        v_plain text := lower(unaccent(p_lexeme));
        -- The start a neighbour must have; a range rather than LIKE, so that the B-tree serves it for any word.
        v_start text := CASE WHEN p_unstemmed AND length(v_plain) > 5 THEN left(v_plain, length(v_plain) - 2) ELSE v_plain END;
      BEGIN
        RETURN (
          WITH found AS (
            SELECT p_lexeme AS lexeme
            UNION (SELECT l.lexeme FROM practice_lexemes l
                   WHERE length(v_start) >= 3 AND l.plain >= v_start AND l.plain < v_start || chr(1114111)
                   ORDER BY length(l.plain), l.lexeme LIMIT 12)
            UNION (SELECT l.lexeme FROM practice_lexemes l
                   WHERE length(v_plain) >= 4 AND l.plain % v_plain AND similarity(l.plain, v_plain) >= 0.5
                   ORDER BY similarity(l.plain, v_plain) DESC, l.lexeme LIMIT 6)
            UNION (SELECT l.lexeme FROM practice_lexemes l
                   WHERE l.plain = ANY (ARRAY(SELECT left(v_plain, n) FROM generate_series(5, length(v_plain) - 1) AS n))))
          SELECT '(' || string_agg('''' || replace(replace(lexeme, '\\', '\\\\'), '''', '''''') || '''', ' | ' ORDER BY lexeme) || ')'
          FROM found);
      END $$`);

    // A search read in one configuration (websearch syntax, as before), each lexeme widened to its neighbours; the
    // operators between them (and, or, not, phrase) stay. A search of stop words only stays the empty query.
    await db.query(`CREATE FUNCTION practice_search_query(p_config text, p_search text) RETURNS tsquery
      LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        v_reading text := CAST(websearch_to_tsquery(CAST(p_config AS regconfig), p_search) AS text);
        v_part text[];
        v_query text := '';
      BEGIN
        FOR v_part IN SELECT regexp_matches(v_reading, '''((?:[^'']|'''')*)''(:[*A-D]+)?|([^'']+)', 'g') LOOP
          v_query := v_query || CASE WHEN v_part[3] IS NOT NULL THEN v_part[3]
            ELSE practice_lexeme_neighbours(replace(replace(v_part[1], '''''', ''''), '\\\\', '\\'), p_config = 'simple') END;
        END LOOP;
        RETURN CAST(v_query AS tsquery);
      END $$`);

    // The search in each configuration asked for, each distinct reading widened once: a search with no language
    // reads in every configuration, and most of them read a word alike.
    await db.query(`CREATE FUNCTION practice_search_readings(p_configs text[], p_search text) RETURNS TABLE (config text, query tsquery)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp ROWS 30 AS $$
      WITH readings AS (
        SELECT c AS config, CAST(websearch_to_tsquery(CAST(c AS regconfig), p_search) AS text) AS reading, c = 'simple' AS unstemmed
        FROM unnest(p_configs) AS c),
      widened AS (
        SELECT d.reading, d.unstemmed, practice_search_query(CASE WHEN d.unstemmed THEN 'simple' ELSE d.config END, p_search) AS query
        FROM (SELECT DISTINCT ON (reading, unstemmed) reading, unstemmed, config FROM readings ORDER BY reading, unstemmed, config) d)
      SELECT r.config, w.query FROM readings r JOIN widened w USING (reading, unstemmed) $$`);

    for (const fn of [
      'practice_lexeme_neighbours(text, boolean)',
      'practice_search_query(text, text)',
      'practice_search_readings(text[], text)',
      'practices_record_lexemes()',
    ]) {
      await db.query(`REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC`);
    }
    await db.query(`GRANT EXECUTE ON FUNCTION practice_search_readings(text[], text) TO ravot_app`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION practice_search_readings(text[], text)`);
    await db.query(`DROP FUNCTION practice_search_query(text, text)`);
    await db.query(`DROP FUNCTION practice_lexeme_neighbours(text, boolean)`);
    await db.query(`DROP TRIGGER practices_record_lexemes ON practices`);
    await db.query(`DROP FUNCTION practices_record_lexemes()`);
    await db.query(`DROP TABLE practice_lexemes`);
    // The extensions stay: another part of the database may have come to use them.
  }
}
