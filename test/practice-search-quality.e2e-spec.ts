import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freshDatabase } from './support/fresh-database.js';
import { Party, TestApp } from './support/test-app.js';

/**
 * The labelled search set (test/fixtures/search-set, one file per language): practices written for it and the
 * searches a case worker types, each with the practices it must find. Every search runs as a client sends it, with
 * no language filter, against all the set's records; recall@5 (the share of the expected practices among the first
 * five) and MRR (the mean of 1 / the rank of the first expected practice) are printed per language, and the test
 * fails when a language falls below the floor measured when the set was written (docs/search.md).
 */
interface SearchSet {
  language: string;
  country: string;
  practices: Record<string, { title: string; summary: string; body: string }>;
  queries: { search: string; kind: string; expect: string[] }[];
}

const SET_FOLDER = join(import.meta.dirname, 'fixtures', 'search-set');
const SETS: SearchSet[] = readdirSync(SET_FOLDER)
  .filter((file) => file.endsWith('.json'))
  .map((file) => JSON.parse(readFileSync(join(SET_FOLDER, file), 'utf8')) as SearchSet);

/**
 * The floors: the figures measured when the set was written (docs/search.md; the same on both databases, since ties
 * are counted over every order), less 0.005 for the rounding of a float's last digit.
 */
const FLOOR: Record<string, { recallAt5: number; mrr: number }> = {
  bg: { recallAt5: 0.95, mrr: 0.95 },
  en: { recallAt5: 0.904, mrr: 0.827 },
  fr: { recallAt5: 0.965, mrr: 0.893 },
  hu: { recallAt5: 0.995, mrr: 0.975 },
  nl: { recallAt5: 0.972, mrr: 0.995 },
  ro: { recallAt5: 0.904, mrr: 0.871 },
};

const SEARCH = `query($search: String!) { practices(search: $search, first: 20) { edges { rank node { id } } } }`;
const CREATE = `mutation($input: CreatePracticeInput!) { createPractice(input: $input) { practice { id } } }`;
const PUBLISH = `mutation($id: ID!) { publishPractice(input: { id: $id }) { practice { id } } }`;

/**
 * recall@5 and the reciprocal rank of one search, as expected over every order of the records that rank alike: the
 * API orders them by id, which is random, so the figures of one run would move from run to run with the ids.
 */
function expectedFigures(edges: { rank: number; node: { id: string } }[], relevant: Set<string>) {
  let recallAt5 = 0;
  let reciprocalRank = 0;
  let firstFound = false;
  for (let start = 0; start < edges.length;) {
    let end = start;
    while (end + 1 < edges.length && edges[end + 1].rank === edges[start].rank) end++;
    const size = end - start + 1;
    const hits = edges.slice(start, end + 1).filter((edge) => relevant.has(edge.node.id)).length;
    // Each relevant record of a tie is at any of its places alike: the share of those places among the first five.
    recallAt5 += (hits * Math.max(0, Math.min(end, 4) - start + 1)) / size;
    if (hits > 0 && !firstFound) {
      firstFound = true;
      // The first relevant record's place: the tie's start plus the least of `hits` places drawn from `size`.
      for (let offset = 0; offset <= size - hits; offset++) {
        reciprocalRank += (choose(size - 1 - offset, hits - 1) / choose(size, hits)) * (1 / (start + offset + 1));
      }
    }
    start = end + 1;
  }
  return { recallAt5: recallAt5 / relevant.size, reciprocalRank };
}

function choose(n: number, k: number): number {
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return result;
}

describe('practice search quality over the labelled set', () => {
  let t: TestApp;
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let reader: Party;
  const idOf = new Map<string, string>();

  // A database of its own: the figures must not depend on what other suites (or earlier runs) left in a shared one.
  beforeAll(async () => {
    database = await freshDatabase();
    t = await TestApp.start(database.overrides);
    const admin = await t.networkAdmin();
    for (const set of SETS) {
      const editor = await t.member(await t.organisation(admin, { country: set.country }), ['PRACTICE_EDITOR']);
      for (const [key, text] of Object.entries(set.practices)) {
        const created = await t.gql(editor.token, CREATE, { input: { ...text, language: set.language } });
        const id = created.data.createPractice?.practice.id as string;
        expect((await t.gql(editor.token, PUBLISH, { id })).errorCodes).toEqual([]);
        idOf.set(key, id);
      }
    }
    reader = await t.member(await t.organisation(admin, { country: 'NL' }), ['CASE_WORKER']);
  }, 120_000);
  afterAll(async () => {
    await t.close();
    await database.drop();
  });

  it('finds what each language is searched with, at or above the measured floor', async () => {
    const figures: Record<string, { queries: number; recallAt5: number; mrr: number; misses: string[] }> = {};
    for (const set of SETS) {
      let recall = 0;
      let reciprocalRanks = 0;
      const misses: string[] = [];
      for (const query of set.queries) {
        const result = await t.gql(reader.token, SEARCH, { search: query.search });
        expect(result.errorCodes).toEqual([]);
        const edges: { rank: number; node: { id: string } }[] = result.data.practices.edges;
        const expected = new Set(query.expect.map((key) => idOf.get(key)!));
        const { recallAt5, reciprocalRank } = expectedFigures(edges, expected);
        recall += recallAt5;
        reciprocalRanks += reciprocalRank;
        const hits = Math.round(recallAt5 * expected.size * 100) / 100;
        if (hits < expected.size) misses.push(`${query.search} (${query.kind}): ${hits}/${expected.size}`);
      }
      figures[set.language] = {
        queries: set.queries.length,
        recallAt5: recall / set.queries.length,
        mrr: reciprocalRanks / set.queries.length,
        misses,
      };
    }
    console.log(
      [
        'language  queries  recall@5  MRR',
        ...Object.entries(figures).map(
          ([language, f]) =>
            `${language.padEnd(8)}  ${String(f.queries).padStart(7)}  ${f.recallAt5.toFixed(3).padStart(8)}  ${f.mrr.toFixed(3)}${f.misses.length ? `   missed: ${f.misses.join('; ')}` : ''}`,
        ),
      ].join('\n'),
    );
    for (const set of SETS) expect(set.queries.length).toBeGreaterThanOrEqual(20);
    for (const [language, f] of Object.entries(figures)) {
      expect({ language, recallAt5: f.recallAt5 >= FLOOR[language].recallAt5, mrr: f.mrr >= FLOOR[language].mrr }).toEqual({
        language,
        recallAt5: true,
        mrr: true,
      });
    }
  }, 120_000);
});
