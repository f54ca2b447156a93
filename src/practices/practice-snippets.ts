import { EntityManager } from 'typeorm';
import { SnippetPart } from './dto/practice-connection.js';

// Private-use characters mark the matches in a headline: they cannot be confused with the record's own text.
const START = '\uE000';
const STOP = '\uE001';
const HEADLINE_OPTIONS = `StartSel="${START}", StopSel="${STOP}", MaxFragments=2, MaxWords=30, MinWords=12, FragmentDelimiter=" … "`;

/**
 * A search's highlighted passages of the summary and body of each practice found, in one statement. `reading` is
 * the widened query that found the practice (PracticeSearchService), so the words highlighted are those that matched.
 */
export async function readSnippets(manager: EntityManager, found: { id: string; reading: string }[]): Promise<SnippetPart[][]> {
  const rows: { position: string; headline: string | null }[] = await manager.query(
    `SELECT f.position, ts_headline(CAST(p.search_config AS regconfig), translate(p.summary || E'\\n\\n' || p.body, $3, ''),
                                    CAST(f.reading AS tsquery), $4) AS headline
     FROM unnest($1::uuid[], $2::text[]) WITH ORDINALITY AS f(id, reading, position) JOIN practices p ON p.id = f.id`,
    [found.map((f) => f.id), found.map((f) => f.reading), START + STOP, HEADLINE_OPTIONS],
  );
  const headlines = new Map(rows.map((row) => [Number(row.position), row.headline ?? '']));
  return found.map((_, i) => snippetParts(headlines.get(i + 1) ?? ''));
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
