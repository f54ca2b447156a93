import { Injectable } from '@nestjs/common';
import { EntityManager, SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { PageWindow, toConnection } from '../common/connection.js';
import { CURSOR_TIME_FORMAT } from '../common/cursor-time.js';
import { TenantDatabase } from '../database/tenant-database.js';
import { PracticeConnection } from './dto/practice-connection.js';
import { PracticesArgs } from './dto/practices.args.js';
import { PracticeStatus } from './practice-status.js';
import { PracticeEntity } from './practice.entity.js';
import { SEARCH_CONFIGURATIONS, searchConfigurationFor } from './search-language.js';

/**
 * The search as the row's own language reads it, widened to the words near each of its words (see the migration).
 * A subquery rather than a join, so that the planner keeps starting from the matches the index found.
 */
const OWN_QUERY = '(SELECT r.query FROM readings r WHERE r.config = p.search_config)';
const RANK = `ts_rank(p.search_vector, ${OWN_QUERY})`;
/**
 * The search read (and widened) once per configuration that can apply, in a CTE computed once per statement; the
 * distinct readings, OR-ed into one tsquery (null, finding nothing, when the search holds only stop words), reach
 * the GIN index through practice_search_matches.
 */
const READINGS = 'SELECT config, query FROM practice_search_readings(CAST(:configurations AS text[]), :search)';
const ANY_LANGUAGE = `(SELECT CAST(string_agg('(' || r.reading || ')', ' | ' ORDER BY r.reading) AS tsquery)
  FROM (SELECT DISTINCT CAST(query AS text) AS reading FROM readings) r WHERE r.reading <> '')`;

/**
 * Lists and searches practices. A search matches each record in its own
 * language's configuration, each word widened to the published words near it
 * (other inflections, missing diacritics, a typo: see the migration
 * ForgivingPracticeSearch). That query depends on the row, so the GIN index is
 * reached another way: the search is read in every configuration a record can
 * have (or only in the language asked for), each distinct reading once, OR-ed
 * into one tsquery; the database function practice_search_matches finds the
 * records matching it through the index (row-level security would keep the
 * index out of reach, see the migration). The row's own reading then confirms
 * each candidate and ranks it. So a search costs what it finds, not the table.
 */
@Injectable()
export class PracticeSearchService {
  constructor(private readonly tenants: TenantDatabase) {}

  search(actor: Actor, args: PracticesArgs): Promise<PracticeConnection> {
    return this.tenants.run(actor, async (manager) => {
      const search = args.search || undefined;
      const window = PageWindow.of(args);
      const { entities, raw } = await this.query(manager, args).getRawAndEntities();
      const found = new Map(entities.map((node, i) => [node, raw[i]]));
      const page = toConnection(entities, window, (node) =>
        search ? [Number(found.get(node)!.rank), node.id] : [found.get(node)!.sort_at, node.id],
      );
      const edges = page.edges.map(({ node, cursor }) => ({
        node,
        cursor,
        rank: search ? Number(found.get(node)!.rank) : null,
        search: search ? String(found.get(node)!.reading) : null,
      }));
      return { edges, pageInfo: page.pageInfo };
    });
  }

  /**
   * The page's query, one row more than the page in keyset order (reversed when paging backwards), each with its author organisation (public so that a test
   * can EXPLAIN it). A search of stop words only finds nothing.
   */
  query(manager: EntityManager, args: PracticesArgs): SelectQueryBuilder<PracticeEntity> {
    const query = manager
      .getRepository(PracticeEntity)
      .createQueryBuilder('p')
      .leftJoinAndSelect('p.organisation', 'o')
      .where('p.status = :status', { status: args.status })
      .limit(PageWindow.of(args).limit);
    if (args.themes?.length) query.andWhere('p.themes && :themes', { themes: args.themes });
    if (args.exploitationTypes?.length) query.andWhere('p.exploitation_types && :types', { types: args.exploitationTypes });
    if (args.countries?.length) query.andWhere('p.countries && :countries', { countries: args.countries });
    if (args.language) query.andWhere('p.language = :language', { language: args.language });
    if (args.meeting) query.andWhere('p.meeting_id = :meeting', { meeting: args.meeting });
    return args.search ? this.ranked(query, args) : this.newestFirst(query, args);
  }

  private ranked(query: SelectQueryBuilder<PracticeEntity>, args: PracticesArgs): SelectQueryBuilder<PracticeEntity> {
    const window = PageWindow.of(args);
    query
      .addCommonTableExpression(READINGS, 'readings', { materialized: true })
      .setParameters({
        configurations: args.language ? [searchConfigurationFor(args.language)] : SEARCH_CONFIGURATIONS,
        search: args.search,
      })
      .andWhere(`p.id IN (SELECT m.practice_id FROM practice_search_matches(${ANY_LANGUAGE}) m)`)
      .andWhere(`p.search_vector @@ ${OWN_QUERY}`)
      .addSelect(RANK, 'rank')
      .addSelect(`CAST(${OWN_QUERY} AS text)`, 'reading')
      .orderBy('rank', window.order('DESC'))
      .addOrderBy('p.id', window.order('ASC'));
    const position = window.position(['number', 'uuid']);
    if (position) {
      const [rank, id] = position;
      const rankBeyond = window.beyond('DESC');
      const idBeyond = window.beyond('ASC');
      query.andWhere(
        `(${RANK} ${rankBeyond} CAST(:rank AS real) OR (${RANK} = CAST(:rank AS real) AND p.id ${idBeyond} CAST(:id AS uuid)))`,
        { rank: String(rank), id },
      );
    }
    return query;
  }

  /** Published and archived records by publication, drafts by creation; newest first. */
  private newestFirst(query: SelectQueryBuilder<PracticeEntity>, args: PracticesArgs): SelectQueryBuilder<PracticeEntity> {
    const window = PageWindow.of(args);
    const at = args.status === PracticeStatus.DRAFT ? 'p.created_at' : 'p.published_at';
    query
      .addSelect(`to_char(${at} AT TIME ZONE 'UTC', :cursorTimeFormat)`, 'sort_at')
      .setParameter('cursorTimeFormat', CURSOR_TIME_FORMAT)
      .orderBy(at, window.order('DESC'))
      .addOrderBy('p.id', window.order('DESC'));
    const position = window.position(['time', 'uuid']);
    if (position) {
      const [sortAt, id] = position;
      query.andWhere(`(${at}, p.id) ${window.beyond('DESC')} (CAST(:sortAt AS timestamptz), CAST(:id AS uuid))`, { sortAt, id });
    }
    return query;
  }
}
