import { Injectable } from '@nestjs/common';
import { EntityManager, SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { decodeCursor, encodeCursor } from '../common/connection.js';
import { CURSOR_TIME_FORMAT } from '../common/cursor-time.js';
import { TenantDatabase } from '../database/tenant-database.js';
import { PracticeConnection, SnippetPart } from './dto/practice-connection.js';
import { PracticesArgs } from './dto/practices.args.js';
import { PracticeStatus } from './practice-status.js';
import { PracticeEntity } from './practice.entity.js';
import { SEARCH_CONFIGURATIONS, searchConfigurationFor } from './search-language.js';

// Private-use characters mark the matches in a headline: they cannot be confused with the record's own text.
const START = '\uE000';
const STOP = '\uE001';
const HEADLINE_OPTIONS = `StartSel="${START}", StopSel="${STOP}", MaxFragments=2, MaxWords=30, MinWords=12, FragmentDelimiter=" … "`;

const OWN_QUERY = 'websearch_to_tsquery(CAST(p.search_config AS regconfig), :search)';
const RANK = `ts_rank(p.search_vector, ${OWN_QUERY})`;

/**
 * Lists and searches practices. A search matches each record in its own
 * language's configuration. That query depends on the row, so the GIN index is
 * reached another way: the search is read in every configuration a record can
 * have (or only in the language asked for), each distinct reading once, OR-ed
 * into one tsquery; the database function practice_search_matches finds the
 * records matching it through the index (row-level security would keep the
 * index out of reach, see the migration). The row's own query then confirms
 * each candidate and ranks it. So a search costs what it finds, not the table.
 */
@Injectable()
export class PracticeSearchService {
  constructor(private readonly tenants: TenantDatabase) {}

  search(actor: Actor, args: PracticesArgs): Promise<PracticeConnection> {
    return this.tenants.run(actor, async (manager) => {
      const search = args.search || undefined;
      const query = await this.query(manager, args);
      if (!query) return { edges: [], pageInfo: { hasNextPage: false, endCursor: null } };
      const { entities, raw } = await query.getRawAndEntities();
      const page = entities.slice(0, args.first);
      const snippets = search ? await this.snippets(manager, page, search) : new Map<string, SnippetPart[]>();
      const edges = page.map((node, i) => {
        const rank: number | null = search ? Number(raw[i].rank) : null;
        return {
          node,
          cursor: encodeCursor(search ? [rank!, node.id] : [raw[i].sort_at, node.id]),
          rank,
          snippet: search ? (snippets.get(node.id) ?? []) : null,
        };
      });
      return { edges, pageInfo: { hasNextPage: entities.length > args.first, endCursor: edges.at(-1)?.cursor ?? null } };
    });
  }

  /**
   * The page's query, `first + 1` rows in keyset order (public so that a test
   * can EXPLAIN it); null when the search holds no word to look for (only stop words).
   */
  async query(manager: EntityManager, args: PracticesArgs): Promise<SelectQueryBuilder<PracticeEntity> | null> {
    const query = manager
      .getRepository(PracticeEntity)
      .createQueryBuilder('p')
      .where('p.status = :status', { status: args.status })
      .limit(args.first + 1);
    if (args.themes?.length) query.andWhere('p.themes && :themes', { themes: args.themes });
    if (args.exploitationTypes?.length) query.andWhere('p.exploitation_types && :types', { types: args.exploitationTypes });
    if (args.countries?.length) query.andWhere('p.countries && :countries', { countries: args.countries });
    if (args.language) query.andWhere('p.language = :language', { language: args.language });
    if (args.meeting) query.andWhere('p.meeting_id = :meeting', { meeting: args.meeting });
    if (!args.search) return this.newestFirst(query, args);
    const anyLanguage = await this.anyLanguageQuery(manager, args);
    return anyLanguage ? this.ranked(query, args, anyLanguage) : null;
  }

  /** The search read in each configuration that can apply, each distinct reading once, OR-ed together. */
  private async anyLanguageQuery(manager: EntityManager, args: PracticesArgs): Promise<string | null> {
    const configurations = args.language ? [searchConfigurationFor(args.language)] : SEARCH_CONFIGURATIONS;
    const readings: { query: string }[] = await manager.query(
      `SELECT DISTINCT CAST(websearch_to_tsquery(CAST(c AS regconfig), $1) AS text) AS query FROM unnest(CAST($2 AS text[])) AS c ORDER BY 1`,
      [args.search, configurations],
    );
    const queries = readings.map((reading) => reading.query).filter((query) => query !== '');
    return queries.length ? queries.map((query) => `(${query})`).join(' | ') : null;
  }

  private ranked(query: SelectQueryBuilder<PracticeEntity>, args: PracticesArgs, anyLanguage: string): SelectQueryBuilder<PracticeEntity> {
    query
      .andWhere('p.id IN (SELECT m.practice_id FROM practice_search_matches(CAST(:anyLanguage AS tsquery)) m)', {
        anyLanguage,
        search: args.search,
      })
      .andWhere(`p.search_vector @@ ${OWN_QUERY}`)
      .addSelect(RANK, 'rank')
      .orderBy('rank', 'DESC')
      .addOrderBy('p.id', 'ASC');
    if (args.after) {
      const [rank, id] = decodeCursor(args.after, ['number', 'uuid']);
      query.andWhere(`(${RANK} < CAST(:rank AS real) OR (${RANK} = CAST(:rank AS real) AND p.id > CAST(:id AS uuid)))`, {
        rank: String(rank),
        id,
      });
    }
    return query;
  }

  /** Published and archived records by publication, drafts by creation; newest first. */
  private newestFirst(query: SelectQueryBuilder<PracticeEntity>, args: PracticesArgs): SelectQueryBuilder<PracticeEntity> {
    const at = args.status === PracticeStatus.DRAFT ? 'p.created_at' : 'p.published_at';
    query
      .addSelect(`to_char(${at} AT TIME ZONE 'UTC', :cursorTimeFormat)`, 'sort_at')
      .setParameter('cursorTimeFormat', CURSOR_TIME_FORMAT)
      .orderBy(at, 'DESC')
      .addOrderBy('p.id', 'DESC');
    if (args.after) {
      const [sortAt, id] = decodeCursor(args.after, ['time', 'uuid']);
      query.andWhere(`(${at}, p.id) < (CAST(:sortAt AS timestamptz), CAST(:id AS uuid))`, { sortAt, id });
    }
    return query;
  }

  /** Highlighted passages for one page of results: one statement, on that page's rows only. */
  private async snippets(manager: EntityManager, page: PracticeEntity[], search: string): Promise<Map<string, SnippetPart[]>> {
    if (page.length === 0) return new Map();
    const rows: { id: string; headline: string }[] = await manager.query(
      `SELECT id, ts_headline(CAST(search_config AS regconfig), translate(summary || E'\\n\\n' || body, $3, ''),
                              websearch_to_tsquery(CAST(search_config AS regconfig), $2), $4) AS headline
       FROM practices WHERE id = ANY($1)`,
      [page.map((practice) => practice.id), search, START + STOP, HEADLINE_OPTIONS],
    );
    return new Map(rows.map((row) => [row.id, snippetParts(row.headline)]));
  }
}

export function snippetParts(headline: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  const add = (text: string, highlighted: boolean) => {
    if (text) parts.push({ text, highlighted });
  };
  headline.split(START).forEach((piece, i) => {
    if (i === 0) return add(piece, false);
    const [match, ...rest] = piece.split(STOP);
    add(match, true);
    add(rest.join(''), false);
  });
  return parts;
}
