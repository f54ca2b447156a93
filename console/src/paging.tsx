import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from './i18n/i18n.js';
import { ErrorMessage } from './ui.js';

/** A page of a connection as the API answers it. */
export interface Connection<T> {
  edges: { node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/**
 * A list read a page at a time, forwards and back, with keyset cursors. `ask` fetches the page after a cursor;
 * a change of `filters` starts again at the first page.
 */
export function usePages<T>(ask: (after: string | null) => Promise<Connection<T>>, filters: unknown[]) {
  const key = JSON.stringify(filters);
  const [trail, setTrail] = useState<{ key: string; cursors: (string | null)[] }>({ key, cursors: [null] });
  const cursors = trail.key === key ? trail.cursors : [null];
  const after = cursors[cursors.length - 1];
  const [page, setPage] = useState<{ rows: T[]; next: string | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [asked, setAsked] = useState(0);

  useEffect(() => {
    setPage(null);
    setError(null);
    ask(after).then(
      (connection) =>
        setPage({
          rows: connection.edges.map((edge) => edge.node),
          next: connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null,
        }),
      (failure: Error) => setError(failure.message),
    );
  }, [key, after, asked]);

  const go = (next: (string | null)[]) => setTrail({ key, cursors: next });
  const paging =
    cursors.length > 1 || page?.next ? (
      <div class="paging">
        <button type="button" disabled={cursors.length === 1} onClick={() => go(cursors.slice(0, -1))}>
          {t('Previous page')}
        </button>
        <button type="button" disabled={!page?.next} onClick={() => page?.next && go([...cursors, page.next])}>
          {t('Next page')}
        </button>
      </div>
    ) : null;
  const rows = page?.rows ?? null;
  /** The page as a list shows it: its error, "Loading…", the words for an empty list, or the rows; then the paging. */
  const shown = (empty: string, render: (rows: T[]) => ComponentChildren) => (
    <>
      <ErrorMessage error={error} />
      {!rows ? !error && <p aria-live="polite">{t('Loading…')}</p> : rows.length === 0 ? <p>{empty}</p> : render(rows)}
      {paging}
    </>
  );
  return { shown, reload: () => setAsked((n) => n + 1) };
}
