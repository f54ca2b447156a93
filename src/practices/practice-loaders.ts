import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { ConnectionOf, PageWindow, PageArgs, toConnection } from '../common/connection.js';
import { CURSOR_TIME_FORMAT } from '../common/cursor-time.js';
import type { RequestScope } from '../graphql/request-loaders.js';
import { MemberEntity } from '../organisations/member.entity.js';
import { SnippetPart } from './dto/practice-connection.js';
import { PracticeCommentEntity } from './practice-comment.entity.js';
import { PracticeEndorsementEntity } from './practice-endorsement.entity.js';
import { PracticeRevisionEntity } from './practice-revision.entity.js';
import { PracticeStatus } from './practice-status.js';
import { PracticeEntity } from './practice.entity.js';
import { readSnippets } from './practice-snippets.js';

/** A keyset position (timestamp, id) taken from a cursor, or none. */
function positionOf(window: PageWindow): [string, string] | [null, null] {
  return (window.position(['time', 'uuid']) as [string, string] | null) ?? [null, null];
}

interface Positioned {
  parent_id: string;
  id: string;
  sort_at: string;
}

/**
 * Batches for the fields of practices; one instance per request
 * (RequestLoaders.of). Nested pages (comments, a meeting's practices) are
 * fetched for every parent of a list in one statement, with a window function.
 */
export class PracticeLoaders {
  constructor(private readonly scope: RequestScope) {}

  /** Highlighted passages of the practices a search found, only when a client asks for them. */
  readonly snippets = new DataLoader<{ id: string; reading: string }, SnippetPart[], string>(
    (found) => this.scope.read((manager) => readSnippets(manager, [...found])),
    { cacheKeyFn: (found) => `${found.id} ${found.reading}` },
  );

  /** Members of the acting organisation only: row-level security hides the others, which resolve to null. */
  readonly members = new DataLoader<string, MemberEntity | null>((ids) =>
    this.scope.read(async (manager) => {
      const rows = await manager.getRepository(MemberEntity).findBy({ id: In([...ids]) });
      return ids.map((id) => rows.find((row) => row.id === id) ?? null);
    }),
  );

  /** The endorsing organisations' ids, first endorsement first. */
  readonly endorsersByPractice = new DataLoader<string, string[]>((practiceIds) =>
    this.scope.read(async (manager) => {
      const rows = await manager
        .getRepository(PracticeEndorsementEntity)
        .find({ where: { practiceId: In([...practiceIds]) }, order: { createdAt: 'ASC', organisationId: 'ASC' } });
      return practiceIds.map((practiceId) => rows.filter((row) => row.practiceId === practiceId).map((row) => row.organisationId));
    }),
  );

  /** Earlier texts, newest first. */
  readonly revisionsByPractice = new DataLoader<string, PracticeRevisionEntity[]>((practiceIds) =>
    this.scope.read(async (manager) => {
      const rows = await manager
        .getRepository(PracticeRevisionEntity)
        .find({ where: { practiceId: In([...practiceIds]) }, order: { number: 'DESC' } });
      return practiceIds.map((practiceId) => rows.filter((row) => row.practiceId === practiceId));
    }),
  );

  private readonly commentLoaders = new Map<string, DataLoader<string, ConnectionOf<PracticeCommentEntity>>>();
  private readonly meetingPracticeLoaders = new Map<string, DataLoader<string, ConnectionOf<PracticeEntity>>>();

  /** A page of each practice's comments, oldest first. */
  comments(page: PageArgs): DataLoader<string, ConnectionOf<PracticeCommentEntity>> {
    const window = PageWindow.of(page);
    const order = window.order('ASC');
    return this.pageLoader(this.commentLoaders, window, async (practiceIds) => {
      const [at, id] = positionOf(window);
      return this.scope.read(async (manager) => {
        const rows: (Positioned & { organisation_id: string; member_id: string; body: string; created_at: Date })[] = await manager.query(
          `SELECT ranked.* FROM (
               SELECT c.practice_id AS parent_id, c.id, c.organisation_id, c.member_id, c.body, c.created_at,
                      to_char(c.created_at AT TIME ZONE 'UTC', $5) AS sort_at,
                      row_number() OVER (PARTITION BY c.practice_id ORDER BY c.created_at ${order}, c.id ${order}) AS position
               FROM practice_comments c
               WHERE c.practice_id = ANY($1)
                 AND ($2::timestamptz IS NULL OR (c.created_at, c.id) ${window.beyond('ASC')} ($2::timestamptz, $3::uuid))
             ) ranked WHERE ranked.position <= $4 ORDER BY ranked.parent_id, ranked.position`,
          [practiceIds, at, id, window.limit, CURSOR_TIME_FORMAT],
        );
        return practiceIds.map((practiceId) => {
          const own = rows.filter((row) => row.parent_id === practiceId);
          const comments = own.map((row) =>
            Object.assign(new PracticeCommentEntity(), {
              id: row.id,
              practiceId: row.parent_id,
              organisationId: row.organisation_id,
              memberId: row.member_id,
              body: row.body,
              createdAt: row.created_at,
            }),
          );
          return toConnection(comments, window, (comment) => [own.find((row) => row.id === comment.id)!.sort_at, comment.id]);
        });
      });
    });
  }

  /** A page of each meeting's published practices, most recently published first. */
  practicesOfMeeting(page: PageArgs): DataLoader<string, ConnectionOf<PracticeEntity>> {
    const window = PageWindow.of(page);
    const order = window.order('DESC');
    return this.pageLoader(this.meetingPracticeLoaders, window, async (meetingIds) => {
      const [at, id] = positionOf(window);
      return this.scope.read(async (manager) => {
        const positions: Positioned[] = await manager.query(
          `SELECT ranked.parent_id, ranked.id, ranked.sort_at FROM (
             SELECT p.meeting_id AS parent_id, p.id, to_char(p.published_at AT TIME ZONE 'UTC', $6) AS sort_at,
                    row_number() OVER (PARTITION BY p.meeting_id ORDER BY p.published_at ${order}, p.id ${order}) AS position
             FROM practices p
             WHERE p.meeting_id = ANY($1) AND p.status = $5
               AND ($2::timestamptz IS NULL OR (p.published_at, p.id) ${window.beyond('DESC')} ($2::timestamptz, $3::uuid))
           ) ranked WHERE ranked.position <= $4 ORDER BY ranked.parent_id, ranked.position`,
          [meetingIds, at, id, window.limit, PracticeStatus.PUBLISHED, CURSOR_TIME_FORMAT],
        );
        const practices = positions.length
          ? await manager.getRepository(PracticeEntity).findBy({ id: In(positions.map((row) => row.id)) })
          : [];
        return meetingIds.map((meetingId) => {
          const own = positions.filter((row) => row.parent_id === meetingId);
          const rows = own.map((row) => practices.find((practice) => practice.id === row.id)!);
          return toConnection(rows, window, (practice) => [own.find((row) => row.id === practice.id)!.sort_at, practice.id]);
        });
      });
    });
  }

  private pageLoader<T>(
    loaders: Map<string, DataLoader<string, ConnectionOf<T>>>,
    window: PageWindow,
    load: (parentIds: string[]) => Promise<ConnectionOf<T>[]>,
  ): DataLoader<string, ConnectionOf<T>> {
    const key = window.key;
    let loader = loaders.get(key);
    if (!loader) {
      loader = new DataLoader((parentIds) => load([...parentIds]));
      loaders.set(key, loader);
    }
    return loader;
  }
}
