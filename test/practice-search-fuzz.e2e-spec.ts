import fc from 'fast-check';
import { Party, TestApp } from './support/test-app.js';

/**
 * No search can break the service: whatever a client types (web-search syntax, tsquery syntax, quotes and
 * backslashes, any Unicode, stop words only, the longest allowed), the answer is a page or BAD_USER_INPUT, never an
 * internal error. The widened search rewrites the text of a tsquery, so this is where a slip would show.
 */
const SEARCH = `query($search: String, $language: String) {
  practices(search: $search, language: $language, first: 5) { edges { rank snippet { text highlighted } node { id } } }
}`;

const syntax = fc.constantFrom(
  '"',
  '-',
  ' or ',
  ' OR ',
  '(',
  ')',
  '&',
  '|',
  '!',
  ':*',
  "'",
  "''",
  '\\',
  '<->',
  ' ',
  '%',
  '_',
  ':A',
  '\u0000',
);
const words = fc.constantFrom('áldozat', 'aldozatok', 'деца', 'victim', 'the', 'a', 'slachtofers', 'x', 'întoarcere');
const search = fc
  .array(fc.oneof(syntax, words, fc.string({ unit: 'binary', maxLength: 6 })), { maxLength: 12 })
  .map((parts) => parts.join(''));

describe('practice search under any input', () => {
  let t: TestApp;
  let reader: Party;

  beforeAll(async () => {
    t = await TestApp.start();
    const admin = await t.networkAdmin();
    const editor = await t.member(await t.organisation(admin, { country: 'HU' }), ['PRACTICE_EDITOR']);
    for (const [language, title] of [
      ['hu', 'Az áldozatok biztonságos hazatérése'],
      ['bg', 'Безопасно завръщане на децата'],
      ['en', "Victims' safe return: \\ quotes 'and' backslashes"],
    ]) {
      const created = await t.gql(
        editor.token,
        `mutation($input: CreatePracticeInput!) { createPractice(input: $input) { practice { id } } }`,
        {
          input: { title, summary: 'Reception at arrival.', body: 'Planned with the family.', language },
        },
      );
      await t.gql(editor.token, `mutation($id: ID!) { publishPractice(input: { id: $id }) { practice { id } } }`, {
        id: created.data.createPractice?.practice.id,
      });
    }
    reader = await t.member(await t.organisation(admin, { country: 'NL' }), ['CASE_WORKER']);
  }, 60_000);
  afterAll(() => t.close());

  it('answers every search with a page or BAD_USER_INPUT, never an internal error', async () => {
    await fc.assert(
      fc.asyncProperty(search, fc.option(fc.constantFrom('hu', 'nl', 'bg', 'en', 'ro', 'fr')), async (text, language) => {
        const result = await t.gql(reader.token, SEARCH, { search: text, language });
        expect(result.status).toBeLessThan(500);
        expect(result.errorCodes.filter((code) => code !== 'BAD_USER_INPUT')).toEqual([]);
        if (result.errorCodes.length === 0) expect(Array.isArray(result.data.practices.edges)).toBe(true);
      }),
      { numRuns: 300 },
    );
  }, 300_000);

  it('finds records through searches that look like tsquery syntax, quotes and backslashes', async () => {
    for (const text of ["victims' \\ quotes", "'victim'", 'victim:*', "áldozat' or 'nothing", '"safe return" -nothing']) {
      const result = await t.gql(reader.token, SEARCH, { search: text });
      expect({ text, codes: result.errorCodes, found: result.data.practices.edges.length > 0 }).toEqual({ text, codes: [], found: true });
    }
  });
});
