import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { useBuiltConsole } from './support/console-build.js';
import { CHROMIUM, screenshotFolder, seriousViolations, tabTo } from './support/console-browser.js';
import { craftReferrals } from './support/crafted-referrals.js';
import { freshDatabase } from './support/fresh-database.js';
import { Party, TestApp } from './support/test-app.js';

const inBrowser = existsSync(CHROMIUM) ? describe : describe.skip;

/**
 * The console's network screens in a real Chromium: a Dutch practice editor plans an expert meeting, marks it held
 * and records its outcome as a practice; a Hungarian case worker finds it and comments, which the Dutch editor reads;
 * a Hungarian editor endorses it and withdraws the endorsement; the Dutch editor edits it and the earlier text stays as
 * a revision; an analyst reads statistics by two dimensions with a suppressed cell. Problems of the API stay next to
 * the fields they concern; axe-core runs on every screen. One walk, in order: each step stands on the one before.
 */
inBrowser(
  existsSync(CHROMIUM)
    ? 'the console’s practices, expert meetings and statistics in Chromium'
    : `the console’s practices, expert meetings and statistics in Chromium: SKIPPED, no Chromium at ${CHROMIUM}`,
  () => {
    let t: TestApp;
    let drop: () => Promise<void>;
    let origin: string;
    let browser: Browser;
    let nlEditor: Party, huWorker: Party, huEditor: Party, analyst: Party;
    let nlName: string, huName: string;
    const opened: BrowserContext[] = [];
    const violations: string[] = [];
    const screensChecked: string[] = [];
    let shots: string;
    const TITLE = 'Debriefing returnees within a week of arrival';

    beforeAll(async () => {
      await useBuiltConsole();
      const fresh = await freshDatabase();
      drop = fresh.drop;
      t = await TestApp.start(fresh.overrides);
      const admin = await t.networkAdmin();
      const nl = await t.organisation(admin, { country: 'NL', kind: 'SHELTER', name: 'Safe House Utrecht' });
      const hu = await t.organisation(admin, { country: 'HU', kind: 'NGO', name: 'Hazatérés Alapítvány' });
      const mt = await t.organisation(admin, { country: 'MT', kind: 'NGO', name: 'Malta Partner' });
      const cy = await t.organisation(admin, { country: 'CY', kind: 'NGO', name: 'Cyprus Partner' });
      [nlName, huName] = [nl.name, hu.name];
      nlEditor = await t.member(nl, ['PRACTICE_EDITOR']);
      huWorker = await t.member(hu, ['CASE_WORKER']);
      huEditor = await t.member(hu, ['PRACTICE_EDITOR']);
      analyst = await t.member(nl, ['ANALYST']);
      // Referrals for the statistics: 40 to Malta, 5 to Cyprus (a count the cell key moves by at most 2, so 3 to 7:
      // below the threshold of 11 and above zero, hence suppressed), from Iceland, which no other party here uses.
      await craftReferrals(t, nl, {
        MT: { organisationId: mt.organisationId, count: 40, returned: 20, female: 20 },
        CY: { organisationId: cy.organisationId, count: 5, returned: 0, female: 5 },
      });
      await t.app.listen(0, '127.0.0.1');
      origin = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
      shots = screenshotFolder();
    });
    afterAll(async () => {
      await browser?.close();
      await t?.close();
      await drop?.();
    });

    /** A member's own browser, signed in; the console opens on the member's first screen. */
    async function signedIn(token: string, firstScreen: string): Promise<Page> {
      const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
      opened.push(context);
      const page = await context.newPage();
      await page.goto(`${origin}/console/`);
      await page.getByLabel('API token').fill(token);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: firstScreen, level: 1 }).waitFor();
      return page;
    }

    async function screen(page: Page, name: string): Promise<void> {
      violations.push(...(await seriousViolations(page)).map((v) => `${name}: ${v}`));
      screensChecked.push(name);
      await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
    }

    const count = async (table: string) => (await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
    let editor: Page;

    it('says next to the token field when a token is not valid', async () => {
      const context = await browser.newContext({ locale: 'en-US' });
      const page = await context.newPage();
      await page.goto(`${origin}/console/`);
      await page.getByLabel('API token').fill('rvt_not-a-token');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.locator('#f-token-problem').waitFor();
      expect(await page.locator('#f-token-problem').innerText()).toBe('This token is not valid.');
      expect(await page.getByLabel('API token').getAttribute('aria-invalid')).toBe('true');
      expect(await context.cookies()).toEqual([]);
      await context.close();
    });

    it('lets a practice editor plan an expert meeting, with the API’s problems next to the fields, and mark it held', async () => {
      editor = await signedIn(nlEditor.token, 'Practices');
      await editor.getByRole('button', { name: 'Expert meetings' }).click();
      await editor.getByRole('heading', { name: 'Expert meetings' }).waitFor();
      await editor.getByText('No meetings here.').waitFor();
      await screen(editor, 'meetings-empty');
      await editor.getByRole('button', { name: 'Plan a meeting' }).click();
      await editor.getByLabel('Title').fill('Return and reintegration: NL and HU');
      await editor.getByLabel('Country').fill('XX');
      await editor.getByLabel('City').fill('Utrecht');
      await editor.getByLabel('Agenda').fill('Arrival at the airport\nThe first month');
      await editor.getByLabel('Challenges').fill('Returnees lose contact after the first month');
      await editor.getByLabel(huName).check();
      await screen(editor, 'new-meeting');
      await editor.getByRole('button', { name: 'Plan the meeting' }).click();
      // The API's problem stands next to the country, tied to it, and no meeting was made.
      const problem = editor.locator('#f-country-problem');
      await problem.waitFor();
      expect(await problem.innerText()).toContain('ISO 3166-1 alpha-2');
      expect(await editor.getByLabel('Country').getAttribute('aria-invalid')).toBe('true');
      expect((await editor.getByLabel('Country').getAttribute('aria-describedby'))?.split(' ')).toContain('f-country-problem');
      expect(await count('expert_meetings')).toBe(0);

      await editor.getByLabel('Country').fill('NL');
      await editor.getByRole('button', { name: 'Plan the meeting' }).click();
      await editor.getByRole('heading', { name: /^Return and reintegration: NL and HU/ }).waitFor();
      const page = await editor.locator('main').innerText();
      expect(page).toContain(`${huName} (Hungary) · Invited`);
      expect(page).toContain('Returnees lose contact after the first month');
      expect(page).toContain('No published outcomes yet.');
      await screen(editor, 'meeting-planned');
      await editor.getByRole('button', { name: 'Change the meeting' }).click();
      await editor.getByLabel('City').fill('Amsterdam');
      expect(await editor.getByLabel(huName).isChecked()).toBe(true);
      await editor.getByRole('button', { name: 'Save the changes' }).click();
      await editor.getByText('Amsterdam, Netherlands').waitFor();
      expect(await editor.locator('main').innerText()).toContain(`${huName} (Hungary) · Invited`);
      await editor.getByRole('button', { name: 'Mark as held' }).click();
      await editor.locator('h1 .badge', { hasText: 'Held' }).waitFor();
      expect(await editor.getByRole('button', { name: 'Change the meeting' }).count()).toBe(0); // held: final
    });

    it('calls a planned meeting off after a confirmation, and then offers no more steps on it', async () => {
      await editor.getByRole('button', { name: 'Expert meetings' }).click();
      await editor.getByRole('button', { name: 'Plan a meeting' }).click();
      await editor.getByLabel('Title').fill('Autumn meeting that will not happen');
      await editor.getByLabel('City').fill('Den Haag');
      await editor.getByRole('button', { name: 'Plan the meeting' }).click();
      await editor.getByRole('heading', { name: /^Autumn meeting/ }).waitFor();
      await editor.getByRole('button', { name: 'Cancel the meeting' }).click();
      await editor.getByRole('button', { name: 'Confirm: Cancel the meeting' }).click();
      await editor.locator('h1 .badge', { hasText: 'Called off' }).waitFor();
      expect(await editor.locator('main button').count()).toBe(0);
      // Back to the held meeting, for its outcome.
      await editor.getByRole('button', { name: 'Expert meetings' }).click();
      await editor.getByRole('link', { name: 'Return and reintegration: NL and HU' }).click();
      await editor.getByRole('button', { name: 'Record an outcome' }).waitFor();
    });

    it('records the meeting’s outcome as a practice, which the meeting shows once published', async () => {
      await editor.getByRole('button', { name: 'Record an outcome' }).click();
      await editor.getByRole('heading', { name: 'Record an outcome' }).waitFor();
      await editor.getByLabel('Title').fill(TITLE);
      await editor.getByLabel('Summary').fill('A call in the first week keeps returnees in touch with the receiving NGO.');
      await editor.getByLabel(/^Text/).fill('Agree the day of the call before departure; the NGO calls, not the person.');
      await editor.getByLabel('Reintegration', { exact: true }).check();
      await editor.getByRole('button', { name: 'Save as draft' }).click();
      // A draft outcome: listed for the host on the meeting, not yet among its outcomes.
      await editor.getByRole('link', { name: 'Return and reintegration: NL and HU' }).click();
      await editor.getByText('Drafts of your organisation, not published yet').waitFor();
      expect(await editor.locator('main').innerText()).toContain('No published outcomes yet.');
      await editor.getByRole('link', { name: TITLE }).click();
      await editor.getByRole('button', { name: 'Publish' }).click();
      await editor.getByText('Published ·').waitFor();
      await editor.getByRole('link', { name: 'Return and reintegration: NL and HU' }).click();
      await editor.getByRole('heading', { name: /^Return and reintegration/ }).waitFor();
      expect(await editor.getByRole('link', { name: TITLE }).count()).toBe(1);
      await screen(editor, 'meeting');

      await editor.getByRole('button', { name: 'Expert meetings' }).click();
      const row = editor.getByRole('row', { name: /Return and reintegration/ });
      await row.waitFor();
      expect(await row.innerText()).toContain('Held');
      await screen(editor, 'meetings');
    });

    it('shows another organisation the meeting without the host’s steps', async () => {
      const page = await signedIn(huEditor.token, 'Practices');
      await page.getByRole('button', { name: 'Expert meetings' }).click();
      await page.getByRole('link', { name: /Return and reintegration/ }).click();
      await page.getByRole('heading', { name: /^Return and reintegration/ }).waitFor();
      expect(await page.locator('main').innerText()).toMatch(new RegExp(`Host\\s+${nlName}`));
      expect(await page.getByRole('button', { name: 'Record an outcome' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Cancel the meeting' }).count()).toBe(0);
    });

    it('lets a case worker of another organisation find the practice in its language and comment; bad input stays next to the field', async () => {
      const page = await signedIn(huWorker.token, 'Inbox');
      await page.getByRole('button', { name: 'Practices' }).click();
      await page.getByLabel('Search').fill('returnees');
      await page.getByLabel('Language', { exact: true }).selectOption('en');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.locator('mark').first().waitFor(); // the matched words, highlighted
      await page.getByRole('link', { name: TITLE }).click();
      await page.getByRole('heading', { name: TITLE }).waitFor();
      // Endorsing is for practice editors: a case worker comments only.
      expect(await page.getByRole('button', { name: 'Endorse', exact: true }).count()).toBe(0);
      await page.getByText('No comments yet.').waitFor();

      const comment = page.getByLabel('Your comment');
      await comment.fill('We tried this with NL-2026-000123 and it worked.');
      await page.getByRole('button', { name: 'Post the comment' }).click();
      await page.locator('#f-body-problem').waitFor();
      expect(await page.locator('#f-body-problem').innerText()).toMatch(/case reference/i);
      expect(await comment.getAttribute('aria-invalid')).toBe('true');
      expect(await comment.inputValue()).toContain('NL-2026-000123'); // kept, to be corrected
      expect(await count('practice_comments')).toBe(0);
      await screen(page, 'practice-comment-problem');

      // With the keyboard alone, as the rest of the console.
      await tabTo(page, 'Your comment');
      await page.keyboard.press('Control+A');
      await page.keyboard.type('We call on day three; fewer returnees drop out since.');
      await tabTo(page, 'Post the comment');
      await page.keyboard.press('Enter');
      await page.getByText('We call on day three; fewer returnees drop out since.').waitFor();
      expect(await comment.inputValue()).toBe('');
      expect(await page.locator('ol.comments li .meta').innerText()).toContain(huName);
    });

    it('shows the comment to the author organisation, without naming the other organisation’s member', async () => {
      await editor.getByRole('button', { name: 'Practices' }).click();
      await editor.getByRole('link', { name: TITLE }).click();
      const posted = editor.locator('ol.comments li');
      await posted.waitFor();
      expect(await posted.innerText()).toContain('We call on day three');
      const meta = await posted.locator('.meta').innerText();
      expect(meta.startsWith(huName)).toBe(true);
      expect(meta).not.toContain('Case worker'); // another organisation's member stays unnamed
      await screen(editor, 'practice-with-comment');
    });

    it('lets another organisation’s editor endorse the practice and withdraw the endorsement', async () => {
      const page = opened[1].pages()[0]; // the Hungarian editor's browser
      await page.getByRole('button', { name: 'Practices' }).click();
      await page.getByRole('link', { name: TITLE }).click();
      await page.getByRole('button', { name: 'Endorse', exact: true }).click();
      await page.getByText(`Endorsed by: ${huName}`).waitFor();
      expect(await page.getByText('1 endorsements').count()).toBe(1);
      await page.getByRole('button', { name: 'Withdraw the endorsement' }).click();
      await page.getByRole('button', { name: 'Endorse', exact: true }).waitFor();
      expect(await page.getByText('Endorsed by').count()).toBe(0);
      expect(await count('practice_endorsements')).toBe(0);
    });

    it('keeps the published text as a revision when the author edits it', async () => {
      await editor.getByRole('button', { name: 'Edit', exact: true }).click();
      await editor.getByRole('heading', { name: 'Edit the practice' }).waitFor();
      expect(await editor.getByLabel('Title').inputValue()).toBe(TITLE);
      await editor.getByLabel('Title').fill('Calling returnees within a week of arrival');
      await screen(editor, 'edit-practice');
      await editor.getByRole('button', { name: 'Save the changes' }).click();
      await editor.getByRole('heading', { name: 'Calling returnees within a week of arrival' }).waitFor();
      expect(await editor.locator('main').innerText()).toContain('Revision 2');
      await editor.getByText('Revision 1 · replaced on').click();
      await editor.getByRole('heading', { name: TITLE, level: 3 }).waitFor();
      await screen(editor, 'practice-revisions');
    });

    it('archives the practice after a confirmation, and the rest of the network no longer finds it', async () => {
      await editor.getByRole('button', { name: 'Archive', exact: true }).click();
      await editor.getByRole('button', { name: 'Back', exact: true }).click(); // changed its mind: nothing happens
      expect(await count(`practices WHERE status = 'ARCHIVED'`)).toBe(0);
      await editor.getByRole('button', { name: 'Archive', exact: true }).click();
      await editor.getByRole('button', { name: 'Confirm: Archive' }).click();
      await editor.getByText('Archived ·').waitFor();

      const page = opened[2].pages()[0]; // the Hungarian case worker's browser
      await page.getByRole('button', { name: 'Practices' }).click();
      await page.getByLabel('Search').fill('returnees');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.getByText('Nothing found.').waitFor();
    });

    it('shows an analyst counts by two dimensions, with totals, and small cells as suppressed', async () => {
      const page = await signedIn(analyst.token, 'Practices');
      await page.getByRole('button', { name: 'Statistics' }).click();
      await page.getByRole('row', { name: /^Iceland/ }).waitFor();
      await page.getByLabel('Group by').selectOption('RECEIVER_COUNTRY');
      await page.getByLabel('and by').selectOption('GENDER');
      const table = page.locator('table.statistics.cross');
      await table.waitFor();
      expect(await table.locator('caption').innerText()).toBe('Referrals by Receiver’s country and Gender (threshold 11)');
      expect(await table.locator('thead th').allInnerTexts()).toEqual(expect.arrayContaining(['Female', 'All']));
      const cyprus = await page
        .getByRole('row', { name: /^Cyprus/ })
        .locator('td')
        .allInnerTexts();
      expect(cyprus).toContain('suppressed');
      expect(cyprus.filter((cell) => /[1-9]/.test(cell))).toEqual([]); // no small number shown, nor one that reveals it
      const malta = await page
        .getByRole('row', { name: /^Malta/ })
        .locator('td')
        .allInnerTexts();
      expect(malta.some((cell) => Number(cell) >= 11)).toBe(true);
      await screen(page, 'statistics-two-way');

      await page.getByLabel('Count').selectOption('returns');
      await page.locator('caption', { hasText: /^Returns by Receiver’s country and Gender/ }).waitFor();
      // Choosing the second dimension as the first leaves one: the one-way table with its chart.
      await page.getByLabel('Group by').selectOption('GENDER');
      await page.locator('table.statistics:not(.cross)').waitFor();
    });

    it("shows the grouping last chosen when an earlier grouping's answer comes back after it", async () => {
      const page = await signedIn(analyst.token, 'Practices');
      await page.getByRole('button', { name: 'Statistics' }).click();
      await page.getByRole('row', { name: /^Iceland/ }).waitFor();
      // The answer for the receiver's country alone is held back until the one for both dimensions is shown.
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route('**/graphql', async (route) => {
        const variables = route.request().postDataJSON()?.variables;
        if (JSON.stringify(variables?.groupBy) === '["RECEIVER_COUNTRY"]') await held;
        await route.continue();
      });
      await page.getByLabel('Group by').selectOption('RECEIVER_COUNTRY');
      await page.getByLabel('and by').selectOption('GENDER');
      await page.locator('table.statistics.cross caption').waitFor();
      release();
      await page.waitForResponse((response) => response.request().postData()?.includes('"RECEIVER_COUNTRY"]') ?? false);
      await page.waitForTimeout(200);
      expect(await page.locator('table.statistics.cross caption').innerText()).toBe(
        'Referrals by Receiver’s country and Gender (threshold 11)',
      );
      await page.unroute('**/graphql');
    });

    it('speaks Dutch and Hungarian on the new screens, with the meeting’s dates in the chosen locale', async () => {
      await editor.getByRole('combobox', { name: 'Language', exact: true }).selectOption('hu');
      await editor.getByRole('button', { name: 'Szakértői találkozók' }).click();
      await editor.getByRole('button', { name: 'Korábbi találkozók' }).waitFor();
      const dates = await editor
        .getByRole('row', { name: /Return and reintegration/ })
        .locator('td')
        .nth(1)
        .innerText();
      expect(dates).toMatch(/^\d{4}\. [a-zé]+\.? \d{1,2}\.$/); // e.g. 2026. dec. 6.
      await editor.getByRole('combobox', { name: 'Nyelv', exact: true }).selectOption('nl');
      await editor.getByRole('heading', { name: 'Expertbijeenkomsten' }).waitFor();
      await editor.getByRole('combobox', { name: 'Taal', exact: true }).selectOption('en');
    });

    it('has no serious or critical accessibility violations on these screens', () => {
      expect(screensChecked.length).toBe(10);
      expect(violations).toEqual([]);
    });
  },
);
