import { randomUUID } from 'node:crypto';
import { TenantDatabase } from '../src/database/tenant-database.js';
import { PracticeSearchService } from '../src/practices/practice-search.service.js';
import { PracticesArgs } from '../src/practices/dto/practices.args.js';
import { PracticeStatus } from '../src/practices/practice-status.js';
import { Party, TestApp } from './support/test-app.js';

const PRACTICE_FIELDS = `id title summary body language status revision publishedAt archivedAt themes exploitationTypes countries
  organisation { id } contactOrganisation { id } author { id } meeting { id }`;
const CREATE = `mutation($input: CreatePracticeInput!) { createPractice(input: $input) { practice { ${PRACTICE_FIELDS} } } }`;
const UPDATE = `mutation($input: UpdatePracticeInput!) { updatePractice(input: $input) { practice { ${PRACTICE_FIELDS} } } }`;
const PUBLISH = `mutation($id: ID!) { publishPractice(input: { id: $id }) { practice { ${PRACTICE_FIELDS} } } }`;
const ARCHIVE = `mutation($id: ID!) { archivePractice(input: { id: $id }) { practice { ${PRACTICE_FIELDS} } } }`;
const GET = `query($id: ID!) { practice(id: $id) { ${PRACTICE_FIELDS} } }`;
const ENDORSE = `mutation($id: ID!) { endorsePractice(input: { practiceId: $id }) { practice { endorsementCount endorsedByYourOrganisation endorsedBy { id } } } }`;
const WITHDRAW = `mutation($id: ID!) { withdrawEndorsement(input: { practiceId: $id }) { practice { endorsementCount endorsedByYourOrganisation endorsedBy { id } } } }`;
const COMMENT = `mutation($id: ID!, $body: String!) { commentOnPractice(input: { practiceId: $id, body: $body }) { comment { id body organisation { id } author { id } } } }`;
const SEARCH = `query($search: String, $language: String, $themes: [PracticeTheme!], $exploitationTypes: [ExploitationType!],
    $countries: [String!], $meeting: ID, $status: PracticeStatus! = PUBLISHED, $first: Int! = 20, $after: String) {
  practices(search: $search, language: $language, themes: $themes, exploitationTypes: $exploitationTypes, countries: $countries,
            meeting: $meeting, status: $status, first: $first, after: $after) {
    edges { cursor rank snippet { text highlighted } node { id title language } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** A word no other record holds, so that a search is scoped to one test on a shared database. */
const marker = () => `k9${randomUUID().replace(/-/g, '').slice(0, 10)}`;

describe('best-practice records', () => {
  let t: TestApp;
  let nl: Party & { name: string };
  let hu: Party & { name: string };
  let bg: Party & { name: string };
  let nlEditor: Party;
  let nlCaseWorker: Party;
  let huEditor: Party;
  let huCaseWorker: Party;
  let bgEditor: Party;

  beforeAll(async () => {
    t = await TestApp.start();
    const admin = await t.networkAdmin();
    nl = await t.organisation(admin, { country: 'NL' });
    hu = await t.organisation(admin, { country: 'HU' });
    bg = await t.organisation(admin, { country: 'BG' });
    nlEditor = await t.member(nl, ['PRACTICE_EDITOR']);
    nlCaseWorker = await t.member(nl, ['CASE_WORKER']);
    huEditor = await t.member(hu, ['PRACTICE_EDITOR']);
    huCaseWorker = await t.member(hu, ['CASE_WORKER']);
    bgEditor = await t.member(bg, ['PRACTICE_EDITOR']);
  });
  afterAll(() => t.close());

  const fields = (overrides: Record<string, unknown> = {}) => ({
    title: 'Agree on reception at arrival',
    summary: 'The receiving organisation confirms who meets the person.',
    body: 'We sent a reception request before the return date was booked.',
    language: 'en',
    ...overrides,
  });

  const write = async (party: Party, overrides: Record<string, unknown> = {}) => {
    const result = await t.gql(party.token, CREATE, { input: fields(overrides) });
    if (!result.data.createPractice?.practice) throw new Error(`createPractice failed: ${JSON.stringify(result.body.errors)}`);
    return result.data.createPractice?.practice as { id: string; [field: string]: any };
  };

  const writePublished = async (party: Party, overrides: Record<string, unknown> = {}) => {
    const practice = await write(party, overrides);
    const published = await t.gql(party.token, PUBLISH, { id: practice.id });
    if (!published.data.publishPractice?.practice) throw new Error(`publishPractice failed: ${JSON.stringify(published.body.errors)}`);
    return published.data.publishPractice?.practice as { id: string; [field: string]: any };
  };

  const search = async (party: Party, variables: Record<string, unknown>) => {
    const result = await t.gql(party.token, SEARCH, variables);
    expect(result.body.errors).toBeUndefined();
    return result.data.practices as { edges: any[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
  };
  const idsOf = (connection: { edges: any[] }) => connection.edges.map((edge) => edge.node.id);

  const countPractices = async (organisationId: string) =>
    Number((await t.dataSource.query('SELECT count(*) FROM practices WHERE organisation_id = $1', [organisationId]))[0].count);
  const countEvents = async (organisationId: string) =>
    Number((await t.dataSource.query('SELECT count(*) FROM audit_events WHERE organisation_id = $1', [organisationId]))[0].count);

  describe('the publishing workflow', () => {
    it('writes a DRAFT that the author organisation sees, and no one else: for them it does not exist', async () => {
      const word = marker();
      const draft = await write(nlEditor, { body: `A draft about ${word}`, countries: ['nl', 'HU'], themes: ['RETURN'] });
      expect(draft).toMatchObject({
        status: 'DRAFT',
        revision: 1,
        publishedAt: null,
        countries: ['NL', 'HU'],
        organisation: { id: nl.organisationId },
        contactOrganisation: { id: nl.organisationId },
        author: { id: nlEditor.memberId },
      });

      // Any member of the author organisation reads it.
      expect((await t.gql(nlCaseWorker.token, GET, { id: draft.id })).data.practice.status).toBe('DRAFT');
      expect(idsOf(await search(nlCaseWorker, { status: 'DRAFT', first: 100 }))).toContain(draft.id);

      // Another organisation gets exactly the answer for an id that never existed.
      const foreign = await t.gql(huEditor.token, GET, { id: draft.id });
      const missing = await t.gql(huEditor.token, GET, { id: randomUUID() });
      expect(foreign.errorCodes).toEqual(['NOT_FOUND']);
      expect(foreign.body.errors![0].message).toBe(missing.body.errors![0].message);
      expect(idsOf(await search(huEditor, { status: 'DRAFT', first: 100 }))).not.toContain(draft.id);
      expect(idsOf(await search(huEditor, { search: word, status: 'DRAFT' }))).toEqual([]);
      expect(idsOf(await search(nlEditor, { search: word, status: 'DRAFT' }))).toEqual([draft.id]);
      // Nor can it act on it.
      expect((await t.gql(huEditor.token, PUBLISH, { id: draft.id })).errorCodes).toEqual(['NOT_FOUND']);
      expect((await t.gql(huEditor.token, ENDORSE, { id: draft.id })).errorCodes).toEqual(['NOT_FOUND']);
      expect((await t.gql(huEditor.token, COMMENT, { id: draft.id, body: 'Hello' })).errorCodes).toEqual(['NOT_FOUND']);
    });

    it('hides a draft in the database itself: a plain SELECT as another organisation finds nothing, and it cannot write one for them', async () => {
      const draft = await write(nlEditor);
      const tenants = t.app.get(TenantDatabase);
      const asHu = { organisationId: hu.organisationId, memberId: hu.memberId };
      expect(await tenants.run(asHu, (manager) => manager.query('SELECT id FROM practices WHERE id = $1', [draft.id]))).toEqual([]);
      const [, changed] = await tenants.run(asHu, (manager) =>
        manager.query(`UPDATE practices SET status = 'PUBLISHED' WHERE id = $1`, [draft.id]),
      );
      expect(changed).toBe(0);
      const forged = tenants.run(asHu, (manager) =>
        manager.query(
          `INSERT INTO practices (organisation_id, author_member_id, title, summary, body, language, search_config, contact_organisation_id, status)
           VALUES ($1, $2, 'Forged', 'Forged', 'Forged', 'en', 'english', $1, 'PUBLISHED')`,
          [nl.organisationId, nl.memberId],
        ),
      );
      await expect(forged).rejects.toThrow(/row-level security/);
    });

    it('lets only a PRACTICE_EDITOR or ORG_ADMIN write: FORBIDDEN for others, and nothing is written', async () => {
      const before = await countPractices(nl.organisationId);
      const refused = await t.gql(nlCaseWorker.token, CREATE, { input: fields() });
      expect(refused.errorCodes).toEqual(['FORBIDDEN']);
      expect(await countPractices(nl.organisationId)).toBe(before);

      const byAdmin = await write(nl);
      expect(byAdmin.author).toEqual({ id: nl.memberId });
      expect((await t.gql(nlCaseWorker.token, PUBLISH, { id: byAdmin.id })).errorCodes).toEqual(['FORBIDDEN']);
    });

    it.each([
      ['body', { body: 'It went well for NL-2026-000123 after arrival.' }],
      ['summary', { summary: 'See the referral HU-2025-000042.' }],
      ['title', { title: 'Return of bg-2026-000007' }],
    ])('refuses a %s holding a case reference with BAD_USER_INPUT, and writes nothing', async (field, overrides) => {
      const practices = await countPractices(nl.organisationId);
      const events = await countEvents(nl.organisationId);
      const refused = await t.gql(nlEditor.token, CREATE, { input: fields(overrides) });
      expect(refused.errorCodes).toEqual(['BAD_USER_INPUT']);
      expect(refused.body.errors![0].message).toMatch(/case reference/);
      expect(refused.body.errors![0].extensions!.problems.map((p: { path: string[] }) => p.path)).toEqual([['input', field]]);
      expect(await countPractices(nl.organisationId)).toBe(practices);
      expect(await countEvents(nl.organisationId)).toBe(events);
    });

    it('refuses a case reference in an edit too, leaving the record as it was', async () => {
      const draft = await write(nlEditor);
      const refused = await t.gql(nlEditor.token, UPDATE, { input: { id: draft.id, body: 'Now about RO-2026-123456' } });
      expect(refused.errorCodes).toEqual(['BAD_USER_INPUT']);
      expect((await t.gql(nlEditor.token, GET, { id: draft.id })).data.practice.body).toBe(draft.body);
    });

    it('checks the other fields: language, themes, countries, meeting and contact', async () => {
      const bad = async (overrides: Record<string, unknown>) =>
        (await t.gql(nlEditor.token, CREATE, { input: fields(overrides) })).errorCodes;
      expect(await bad({ language: 'xx' })).toEqual(['BAD_USER_INPUT']);
      expect(await bad({ countries: ['Netherlands'] })).toEqual(['BAD_USER_INPUT']);
      expect(await bad({ title: '  ' })).toEqual(['BAD_USER_INPUT']);
      expect(await bad({ meetingId: randomUUID() })).toEqual(['NOT_FOUND']);
      expect(await bad({ contactOrganisationId: randomUUID() })).toEqual(['NOT_FOUND']);
      const withContact = await write(nlEditor, { contactOrganisationId: hu.organisationId });
      expect(withContact.contactOrganisation).toEqual({ id: hu.organisationId });
    });

    it('publishes to the whole network, then archives back to the author organisation; the way is one-way', async () => {
      const draft = await write(nlEditor);
      const published = (await t.gql(nlEditor.token, PUBLISH, { id: draft.id })).data.publishPractice?.practice;
      expect(published.status).toBe('PUBLISHED');
      expect(Date.parse(published.publishedAt)).toBeGreaterThan(Date.now() - 60_000);
      expect((await t.gql(huCaseWorker.token, GET, { id: draft.id })).data.practice).toMatchObject({ id: draft.id, author: null });
      expect((await t.gql(nlEditor.token, PUBLISH, { id: draft.id })).errorCodes).toEqual(['CONFLICT']);
      // Seen, but not theirs to change.
      expect((await t.gql(huEditor.token, UPDATE, { input: { id: draft.id, title: 'Taken over' } })).errorCodes).toEqual(['FORBIDDEN']);
      expect((await t.gql(huEditor.token, ARCHIVE, { id: draft.id })).errorCodes).toEqual(['FORBIDDEN']);

      const archived = (await t.gql(nlEditor.token, ARCHIVE, { id: draft.id })).data.archivePractice?.practice;
      expect(archived).toMatchObject({ status: 'ARCHIVED', publishedAt: published.publishedAt });
      expect(archived.archivedAt).not.toBeNull();
      expect((await t.gql(huCaseWorker.token, GET, { id: draft.id })).errorCodes).toEqual(['NOT_FOUND']);
      expect(idsOf(await search(nlEditor, { status: 'ARCHIVED', first: 100 }))).toContain(draft.id);
      expect(idsOf(await search(huEditor, { status: 'ARCHIVED', first: 100 }))).not.toContain(draft.id);
      expect((await t.gql(nlEditor.token, ARCHIVE, { id: draft.id })).errorCodes).toEqual(['CONFLICT']);
      expect((await t.gql(nlEditor.token, PUBLISH, { id: draft.id })).errorCodes).toEqual(['CONFLICT']);
      expect((await t.gql(nlEditor.token, UPDATE, { input: { id: draft.id, title: 'Again' } })).errorCodes).toEqual(['CONFLICT']);

      const otherDraft = await write(nlEditor);
      expect((await t.gql(nlEditor.token, ARCHIVE, { id: otherDraft.id })).errorCodes).toEqual(['CONFLICT']);
    });
  });

  describe('revisions', () => {
    const REVISIONS = `query($id: ID!) { practice(id: $id) { revision title body revisions { number title summary body revisedAt revisedBy { id } } } }`;

    it('keeps the text that an edit of a published record replaces, with who and when, readable by the network', async () => {
      const draft = await write(nlEditor, { title: 'First title', body: 'First body' });
      await t.gql(nlEditor.token, UPDATE, { input: { id: draft.id, title: 'Draft title' } });
      await t.gql(nlEditor.token, PUBLISH, { id: draft.id });
      // Edits of a draft are work in progress: no revision.
      expect((await t.gql(nlEditor.token, REVISIONS, { id: draft.id })).data.practice).toMatchObject({ revision: 1, revisions: [] });

      const edited = await t.gql(nl.token, UPDATE, { input: { id: draft.id, title: 'Second title', body: 'Second body' } });
      expect(edited.data.updatePractice?.practice).toMatchObject({ title: 'Second title', body: 'Second body', revision: 2 });
      await t.gql(nlEditor.token, UPDATE, { input: { id: draft.id, body: 'Third body' } });
      // Metadata alone is no new text, and an edit that changes nothing is no revision either.
      await t.gql(nlEditor.token, UPDATE, { input: { id: draft.id, themes: ['SHELTER'] } });
      await t.gql(nlEditor.token, UPDATE, { input: { id: draft.id, title: 'Second title' } });
      expect((await t.gql(nlEditor.token, UPDATE, { input: { id: draft.id } })).data.updatePractice?.practice.revision).toBe(3);

      const own = (await t.gql(nlCaseWorker.token, REVISIONS, { id: draft.id })).data.practice;
      expect(own).toMatchObject({ revision: 3, title: 'Second title', body: 'Third body' });
      expect(own.revisions).toEqual([
        {
          number: 2,
          title: 'Second title',
          summary: draft.summary,
          body: 'Second body',
          revisedAt: expect.any(String),
          revisedBy: { id: nlEditor.memberId },
        },
        {
          number: 1,
          title: 'Draft title',
          summary: draft.summary,
          body: 'First body',
          revisedAt: expect.any(String),
          revisedBy: { id: nl.memberId },
        },
      ]);
      expect(Date.parse(own.revisions[0].revisedAt)).toBeGreaterThanOrEqual(Date.parse(own.revisions[1].revisedAt));

      // Another organisation reads the history; member names stay inside their organisation.
      const foreign = (await t.gql(huCaseWorker.token, REVISIONS, { id: draft.id })).data.practice;
      expect(foreign.revisions.map((revision: any) => [revision.number, revision.title, revision.revisedBy])).toEqual([
        [2, 'Second title', null],
        [1, 'Draft title', null],
      ]);

      // Once archived, the history goes with the record.
      await t.gql(nlEditor.token, ARCHIVE, { id: draft.id });
      const hidden = await t.app
        .get(TenantDatabase)
        .run({ organisationId: hu.organisationId, memberId: hu.memberId }, (manager) =>
          manager.query('SELECT id FROM practice_revisions WHERE practice_id = $1', [draft.id]),
        );
      expect(hidden).toEqual([]);
    });
  });

  describe('endorsements and comments', () => {
    const ENDORSEMENTS = `query($id: ID!) { practice(id: $id) { endorsementCount endorsedByYourOrganisation endorsedBy { id } } }`;

    it('counts one endorsement per organisation, lists the endorsers, and lets each withdraw its own', async () => {
      const practice = await writePublished(nlEditor);
      expect((await t.gql(huEditor.token, ENDORSE, { id: practice.id })).data.endorsePractice?.practice).toEqual({
        endorsementCount: 1,
        endorsedByYourOrganisation: true,
        endorsedBy: [{ id: hu.organisationId }],
      });
      // A second endorsement by the same organisation, even by another of its members.
      expect((await t.gql(hu.token, ENDORSE, { id: practice.id })).errorCodes).toEqual(['CONFLICT']);
      expect((await t.gql(bgEditor.token, ENDORSE, { id: practice.id })).data.endorsePractice?.practice.endorsementCount).toBe(2);

      const seenByAuthor = (await t.gql(nlCaseWorker.token, ENDORSEMENTS, { id: practice.id })).data.practice;
      expect(seenByAuthor).toEqual({
        endorsementCount: 2,
        endorsedByYourOrganisation: false,
        endorsedBy: [{ id: hu.organisationId }, { id: bg.organisationId }],
      });

      expect((await t.gql(huEditor.token, WITHDRAW, { id: practice.id })).data.withdrawEndorsement?.practice).toEqual({
        endorsementCount: 1,
        endorsedByYourOrganisation: false,
        endorsedBy: [{ id: bg.organisationId }],
      });
      expect((await t.gql(huEditor.token, WITHDRAW, { id: practice.id })).errorCodes).toEqual(['NOT_FOUND']);
      // Withdrawn, it can be given again.
      expect((await t.gql(huEditor.token, ENDORSE, { id: practice.id })).data.endorsePractice?.practice.endorsementCount).toBe(2);
    });

    it('refuses an endorsement of your own record, by a member without the role, or of a record not published', async () => {
      const practice = await writePublished(nlEditor);
      expect((await t.gql(nlEditor.token, ENDORSE, { id: practice.id })).errorCodes).toEqual(['FORBIDDEN']);
      expect((await t.gql(huCaseWorker.token, ENDORSE, { id: practice.id })).errorCodes).toEqual(['FORBIDDEN']);
      await t.gql(huEditor.token, ENDORSE, { id: practice.id });
      await t.gql(nlEditor.token, ARCHIVE, { id: practice.id });
      // Archived, the record and its endorsements are gone for others.
      expect((await t.gql(huEditor.token, ENDORSE, { id: practice.id })).errorCodes).toEqual(['NOT_FOUND']);
      expect((await t.gql(huEditor.token, WITHDRAW, { id: practice.id })).errorCodes).toEqual(['NOT_FOUND']);
      const endorsements = await t.dataSource.query('SELECT organisation_id FROM practice_endorsements WHERE practice_id = $1', [
        practice.id,
      ]);
      expect(endorsements).toEqual([{ organisation_id: hu.organisationId }]);
    });

    it('takes comments from any member on a published record, paged oldest first', async () => {
      const practice = await writePublished(nlEditor);
      const first = (await t.gql(huCaseWorker.token, COMMENT, { id: practice.id, body: 'We tried this in Pécs.' })).data.commentOnPractice
        ?.comment;
      expect(first).toMatchObject({
        body: 'We tried this in Pécs.',
        organisation: { id: hu.organisationId },
        author: { id: huCaseWorker.memberId },
      });
      await t.gql(bgEditor.token, COMMENT, { id: practice.id, body: 'Same in Sofia.' });
      await t.gql(nlEditor.token, COMMENT, { id: practice.id, body: 'Thank you both.' });

      const COMMENTS = `query($id: ID!, $after: String) { practice(id: $id) { comments(first: 2, after: $after) {
        edges { node { body organisation { id } author { id } } } pageInfo { hasNextPage endCursor } } } }`;
      const page1 = (await t.gql(nlCaseWorker.token, COMMENTS, { id: practice.id })).data.practice.comments;
      expect(page1.edges.map((edge: any) => edge.node.body)).toEqual(['We tried this in Pécs.', 'Same in Sofia.']);
      expect(page1.edges[0].node.author).toBeNull();
      expect(page1.pageInfo.hasNextPage).toBe(true);
      const page2 = (await t.gql(nlCaseWorker.token, COMMENTS, { id: practice.id, after: page1.pageInfo.endCursor })).data.practice
        .comments;
      expect(page2.edges.map((edge: any) => edge.node.body)).toEqual(['Thank you both.']);
      expect(page2.edges[0].node.author).toEqual({ id: nlEditor.memberId });
      expect(page2.pageInfo.hasNextPage).toBe(false);
    });

    it('refuses a comment holding a case reference, or on a draft', async () => {
      const practice = await writePublished(nlEditor);
      const refused = await t.gql(huCaseWorker.token, COMMENT, { id: practice.id, body: 'Like our case HU-2026-000321' });
      expect(refused.errorCodes).toEqual(['BAD_USER_INPUT']);
      const draft = await write(nlEditor);
      expect((await t.gql(nlEditor.token, COMMENT, { id: draft.id, body: 'Note to self' })).errorCodes).toEqual(['CONFLICT']);
      const comments = await t.dataSource.query('SELECT count(*) FROM practice_comments WHERE practice_id = ANY ($1)', [
        [practice.id, draft.id],
      ]);
      expect(Number(comments[0].count)).toBe(0);
    });
  });

  describe('multilingual full-text search', () => {
    it('finds a Hungarian record through another inflection of the same word, and highlights it', async () => {
      const word = marker();
      const practice = await writePublished(huEditor, {
        language: 'hu',
        title: 'A családok bevonása a hazatérés előtt',
        summary: 'A munkáltatók és a családok szerepe a visszailleszkedésben.',
        body: `A hazatérő áldozatok családjai már a hazatérés előtt részt vesznek a tervezésben. ${word}`,
      });
      // családjával ("with his/her family") and családok ("families") share the stem család.
      const found = await search(nlCaseWorker, { search: `családjával ${word}` });
      expect(idsOf(found)).toEqual([practice.id]);
      expect(found.edges[0].rank).toBeGreaterThan(0);
      const highlighted = found.edges[0].snippet.filter((part: any) => part.highlighted).map((part: any) => part.text);
      expect(highlighted).toEqual(expect.arrayContaining(['családok', word]));
      expect(found.edges[0].snippet.map((part: any) => part.text).join('')).not.toMatch(/[\uE000\uE001]/);

      expect(idsOf(await search(nlCaseWorker, { search: `munkáltató ${word}`, language: 'hu' }))).toEqual([practice.id]);
      expect(idsOf(await search(nlCaseWorker, { search: `családjával ${word}`, language: 'nl' }))).toEqual([]);
    });

    it('finds a Dutch record through another inflection likewise', async () => {
      const word = marker();
      const practice = await writePublished(nlEditor, {
        language: 'nl',
        title: 'Warme overdracht bij terugkeer',
        summary: 'Slachtoffers worden begeleid tot aan de opvang.',
        body: `De gemeenten van herkomst zorgen voor begeleiding van slachtoffers na hun terugkeer. ${word}`,
      });
      // gemeente/gemeenten and begeleiden/begeleiding stem alike in Dutch.
      expect(idsOf(await search(huCaseWorker, { search: `gemeente begeleiden ${word}` }))).toEqual([practice.id]);
      expect(idsOf(await search(huCaseWorker, { search: `slachtoffer ${word}`, language: 'nl' }))).toEqual([practice.id]);
      expect(idsOf(await search(huCaseWorker, { search: `gemeente -begeleiden ${word}` }))).toEqual([]);
    });

    it('reads a Bulgarian record with the simple configuration (no stemmer), and finds it by the start of a word', async () => {
      const word = marker();
      const practice = await writePublished(bgEditor, {
        language: 'bg',
        title: 'Посрещане при завръщане',
        summary: 'Децата се връщат при семействата си.',
        body: `Семейството участва в плана за завръщане. ${word}`,
      });
      expect(idsOf(await search(huCaseWorker, { search: `децата ${word}` }))).toEqual([practice.id]);
      // No Bulgarian stemmer: деца ("children") finds децата ("the children") as the start of the word.
      expect(idsOf(await search(huCaseWorker, { search: `деца ${word}` }))).toEqual([practice.id]);
      expect(idsOf(await search(huCaseWorker, { search: `жени ${word}` }))).toEqual([]);
      const [row] = await t.dataSource.query('SELECT search_config FROM practices WHERE id = $1', [practice.id]);
      expect(row.search_config).toBe('simple');
    });

    it('finds what a Hungarian case worker types (issue 24): the singular, no diacritics, a typo; and highlights it', async () => {
      const word = marker();
      const practice = await writePublished(huEditor, {
        language: 'hu',
        title: `Az áldozatok biztonságos hazatérése ${word}`,
        summary: 'A fogadó szervezet felkészíti a családot.',
        body: 'Az áldozatokat a repülőtéren fogadták.',
      });
      // hungarian stems áldozatok to áldozat but áldozat to áldoz: they meet only as the start of a word.
      for (const text of [`áldozat ${word}`, `aldozat ${word}`, `biztonsagos hazateres ${word}`, `biztonságs ${word}`]) {
        expect({ text, found: idsOf(await search(nlCaseWorker, { search: text })) }).toEqual({ text, found: [practice.id] });
      }
      const found = await search(nlCaseWorker, { search: `aldozat ${word}` });
      const highlighted = found.edges[0].snippet.filter((part: any) => part.highlighted).map((part: any) => part.text);
      expect(highlighted).toEqual(expect.arrayContaining(['áldozatokat']));
      // The language filter still holds: read as Dutch, the Hungarian record is not there.
      expect(idsOf(await search(nlCaseWorker, { search: `aldozat ${word}`, language: 'nl' }))).toEqual([]);
    });

    it("widens a search only with published words: a draft's words feed no one's search until it is published", async () => {
      const word = marker();
      const draft = await write(nlEditor, { title: `Opvang ${word}wordt` });
      const inLexicon = async () =>
        Number((await t.dataSource.query('SELECT count(*) FROM practice_lexemes WHERE lexeme = $1', [`${word}wordt`]))[0].count);
      expect(await inLexicon()).toBe(0);
      // The author finds its draft by the exact word, not by a word's start (that goes through the lexicon).
      expect(idsOf(await search(nlEditor, { search: `${word}wordt`, status: 'DRAFT' }))).toEqual([draft.id]);
      expect(idsOf(await search(nlEditor, { search: `${word}wor`, status: 'DRAFT' }))).toEqual([]);
      await t.gql(nlEditor.token, PUBLISH, { id: draft.id });
      expect(await inLexicon()).toBe(1);
      expect(idsOf(await search(huCaseWorker, { search: `${word}wor` }))).toEqual([draft.id]);
    });

    it('follows a change of language and text: the record is searched in its new words', async () => {
      const word = marker();
      const practice = await writePublished(nlEditor, { language: 'en', body: `Returning families ${word}` });
      expect(idsOf(await search(huCaseWorker, { search: `family ${word}` }))).toEqual([practice.id]);
      await t.gql(nlEditor.token, UPDATE, { input: { id: practice.id, language: 'nl', body: `Terugkerende vrouwen ${word}` } });
      expect(idsOf(await search(huCaseWorker, { search: `family ${word}` }))).toEqual([]);
      expect(idsOf(await search(huCaseWorker, { search: `vrouw ${word}` }))).toEqual([practice.id]);
    });

    it('ranks a match in the title above one in the body, and pages through the ranking without gaps or repeats', async () => {
      const word = marker();
      const inBody = [];
      for (let i = 0; i < 4; i++) inBody.push((await writePublished(nlEditor, { body: `Reception at arrival, note ${i}: ${word}` })).id);
      const inTitle = (await writePublished(huEditor, { title: `Reception ${word}`, body: 'Elsewhere' })).id;

      const seen: string[] = [];
      const ranks: number[] = [];
      let after: string | null = null;
      let pages = 0;
      do {
        const page = await search(bgEditor, { search: word, first: 2, after });
        seen.push(...idsOf(page));
        ranks.push(...page.edges.map((edge) => edge.rank));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
        pages++;
      } while (after);
      expect(pages).toBe(3);
      expect(seen[0]).toBe(inTitle);
      expect(new Set(seen)).toEqual(new Set([inTitle, ...inBody]));
      expect(seen).toHaveLength(5);
      expect([...ranks].sort((a, b) => b - a)).toEqual(ranks);
    });

    it('filters by theme, exploitation type, country, language and meeting, alone or together', async () => {
      const word = marker();
      const meeting = (
        await t.gql(
          nlEditor.token,
          `mutation { createMeeting(input: { title: "Filter meeting", country: "NL", city: "Utrecht", startsOn: "2031-05-01", endsOn: "2031-05-02" }) { meeting { id } } }`,
        )
      ).data.createMeeting?.meeting.id;
      const shelter = await writePublished(nlEditor, { body: word, themes: ['SHELTER'], exploitationTypes: ['SEXUAL'], countries: ['NL'] });
      const labour = await writePublished(huEditor, {
        body: word,
        language: 'hu',
        themes: ['REINTEGRATION', 'PREVENTION'],
        exploitationTypes: ['LABOUR'],
        countries: ['HU', 'NL'],
        meetingId: meeting,
      });
      const begging = await writePublished(bgEditor, {
        body: word,
        language: 'bg',
        themes: ['RETURN'],
        exploitationTypes: ['BEGGING'],
        countries: ['BG'],
      });

      const find = async (filters: Record<string, unknown>) => new Set(idsOf(await search(nlCaseWorker, { search: word, ...filters })));
      expect(await find({})).toEqual(new Set([shelter.id, labour.id, begging.id]));
      expect(await find({ themes: ['PREVENTION', 'RETURN'] })).toEqual(new Set([labour.id, begging.id]));
      expect(await find({ exploitationTypes: ['SEXUAL'] })).toEqual(new Set([shelter.id]));
      expect(await find({ countries: ['nl'] })).toEqual(new Set([shelter.id, labour.id]));
      expect(await find({ countries: ['NL'], themes: ['SHELTER'] })).toEqual(new Set([shelter.id]));
      expect(await find({ language: 'bg' })).toEqual(new Set([begging.id]));
      expect(await find({ meeting })).toEqual(new Set([labour.id]));
      expect(idsOf(await search(nlCaseWorker, { meeting }))).toEqual([labour.id]);

      const invalid = await t.gql(nlCaseWorker.token, SEARCH, { countries: ['Hungary'] });
      expect(invalid.errorCodes).toEqual(['BAD_USER_INPUT']);
    });

    it('lists without a search newest published first, in keyset pages', async () => {
      const meeting = (
        await t.gql(
          nlEditor.token,
          `mutation { createMeeting(input: { title: "Listing meeting", country: "NL", city: "Zwolle", startsOn: "2031-06-01", endsOn: "2031-06-01" }) { meeting { id } } }`,
        )
      ).data.createMeeting?.meeting.id;
      const published: string[] = [];
      for (let i = 0; i < 3; i++) published.push((await writePublished(nlEditor, { title: `Listed ${i}`, meetingId: meeting })).id);
      await write(nlEditor, { meetingId: meeting });

      const page1 = await search(huCaseWorker, { meeting, first: 2 });
      expect(idsOf(page1)).toEqual([published[2], published[1]]);
      expect(page1.edges[0]).toMatchObject({ rank: null, snippet: null });
      const page2 = await search(huCaseWorker, { meeting, first: 2, after: page1.pageInfo.endCursor });
      expect(idsOf(page2)).toEqual([published[0]]);
      expect(page2.pageInfo).toEqual({ hasNextPage: false, endCursor: page2.edges[0].cursor });
    });

    it('refuses a cursor that belongs to another kind of list with BAD_USER_INPUT', async () => {
      const word = marker();
      await writePublished(nlEditor, { body: word });
      await writePublished(nlEditor, { body: word });
      const ranked = await search(huCaseWorker, { search: word, first: 1 });
      const reused = await t.gql(huCaseWorker.token, SEARCH, { first: 1, after: ranked.pageInfo.endCursor });
      expect(reused.errorCodes).toEqual(['BAD_USER_INPUT']);
      expect((await t.gql(huCaseWorker.token, SEARCH, { after: 'garbage' })).errorCodes).toEqual(['BAD_USER_INPUT']);
    });

    it('reads through the GIN index: a search touches the pages of its matches, not the whole table', async () => {
      const service = t.app.get(PracticeSearchService);
      const runner = t.dataSource.createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      try {
        // Thousands of published records, only inside this transaction (rolled back below), with fresh statistics.
        await runner.query(
          `INSERT INTO practices (organisation_id, author_member_id, title, summary, body, language, search_config,
                                  contact_organisation_id, status, published_at)
           SELECT $1, $2, 'Record ' || i, 'Reception at arrival and shelter',
                  'Return ' || i || ' w' || (i % 997) || 'x w' || (i % 1999) || 'y went as planned.', 'en', 'english', $1, 'PUBLISHED', now()
           FROM generate_series(1, 5000) AS i`,
          [bg.organisationId, bg.memberId],
        );
        await runner.query('ANALYZE practices');
        const [{ pages }] = await runner.query(`SELECT pg_relation_size('practices') / current_setting('block_size')::int AS pages`);
        await runner.query(
          `SELECT set_config('app.organisation_id', $1, true), set_config('app.member_id', $2, true), set_config('role', 'ravot_app', true)`,
          [hu.organisationId, hu.memberId],
        );
        const pagesTouched = async (args: Partial<PracticesArgs>) => {
          const query = await service.query(
            runner.manager,
            Object.assign(new PracticesArgs(), { first: 20, status: PracticeStatus.PUBLISHED, ...args }),
          );
          const [sql, parameters] = query!.getQueryAndParameters();
          const [row] = await runner.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, parameters);
          const plan = (typeof row['QUERY PLAN'] === 'string' ? JSON.parse(row['QUERY PLAN']) : row['QUERY PLAN'])[0].Plan;
          const blocks = (node: any) => Number(node['Shared Hit Blocks']) + Number(node['Shared Read Blocks']);
          // The search's reading, widened through the lexicon (a CTE computed once): what it costs depends on the
          // words searched and the network's vocabulary, not on the number of records.
          const readings = (plan.Plans ?? []).find((node: any) => node['Subplan Name'] === 'CTE readings');
          return { records: blocks(plan) - (readings ? blocks(readings) : 0), lexicon: readings ? blocks(readings) : 0 };
        };
        const [{ lexiconPages }] = await runner.query(
          `SELECT pg_total_relation_size('practice_lexemes') / current_setting('block_size')::int AS "lexiconPages"`,
        );
        await pagesTouched({ search: 'családjával' }); // warms the caches of the session
        const rare = await pagesTouched({ search: 'családjával' });
        const rareInDutch = await pagesTouched({ search: 'gemeente begeleiding', language: 'nl' });
        const everywhere = await pagesTouched({ search: 'planned' });
        expect(Number(pages)).toBeGreaterThan(50);
        expect(rare.records).toBeLessThan(Number(pages) / 4);
        expect(rareInDutch.records).toBeLessThan(Number(pages) / 4);
        // In one language, the lexicon's look-ups go through its indexes: less than reading it whole.
        expect(rareInDutch.lexicon).toBeLessThan(Number(lexiconPages));
        // The contrast: a word in every record makes the search read them all.
        expect(everywhere.records).toBeGreaterThan(Number(pages));
      } finally {
        await runner.rollbackTransaction();
        await runner.release();
      }
    });
  });
});
