import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { useBuiltConsole } from './support/console-build.js';
import { CHROMIUM, keptInBrowser, screenshotFolder, seriousViolations, tabTo, typeInto } from './support/console-browser.js';
import { freshDatabase } from './support/fresh-database.js';
import { ManualClock } from './support/manual-clock.js';
import { Party, TestApp } from './support/test-app.js';

const inBrowser = existsSync(CHROMIUM) ? describe : describe.skip;
const EXIT = 'https://neutral.example/';

/**
 * The console in a real Chromium, as case workers use it: a Dutch shelter refers a person to a Hungarian NGO (with
 * the keyboard alone), the NGO accepts, records the arrival and reports a follow-up, the shelter withdraws consent and
 * the NGO sees the data go; a third organisation finds nothing; the quick exit; what the browser keeps; axe-core on
 * every screen. One walk, in order: each step stands on the one before.
 */
inBrowser(
  existsSync(CHROMIUM)
    ? 'the console in Chromium'
    : `the console in Chromium: SKIPPED, no Chromium at ${CHROMIUM} (apt-get install chromium)`,
  () => {
    const clock = new ManualClock();
    let t: TestApp;
    let drop: () => Promise<void>;
    let origin: string;
    let browser: Browser;
    let nl: Party, hu: Party, bg: Party, nlAdmin: Party;
    let huName: string;
    let sender: { context: BrowserContext; page: Page };
    let receiver: { context: BrowserContext; page: Page };
    let referralId: string;
    const violations: string[] = [];
    const screensChecked: string[] = [];
    const cspReports: string[] = [];
    const answers: { url: string; cacheControl: string }[] = [];
    let shots: string;

    beforeAll(async () => {
      await useBuiltConsole();
      const fresh = await freshDatabase();
      drop = fresh.drop;
      t = await TestApp.start({ ...fresh.overrides, CONSOLE_EXIT_URL: EXIT }, { clock });
      const admin = await t.networkAdmin();
      const nlOrg = await t.organisation(admin, { country: 'NL', kind: 'SHELTER', name: 'Safe House Utrecht' });
      const huOrg = await t.organisation(admin, { country: 'HU', kind: 'NGO', name: 'Hazatérés Alapítvány' });
      const bgOrg = await t.organisation(admin, { country: 'BG', kind: 'NGO', name: 'Bulgarian Partner' });
      huName = huOrg.name;
      nlAdmin = nlOrg;
      [nl, hu, bg] = await Promise.all([nlOrg, huOrg, bgOrg].map((org) => t.member(org, ['CASE_WORKER'])));
      await t.app.listen(0, '127.0.0.1');
      origin = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
      shots = screenshotFolder();
      sender = await open();
      receiver = await open();
    });
    afterAll(async () => {
      await browser?.close();
      await t?.close();
      await drop?.();
    });

    /** A browser context of its own (a case worker's computer), whose neutral exit site answers locally. */
    async function open(): Promise<{ context: BrowserContext; page: Page }> {
      const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
      await context.route(`${EXIT}**`, (route) =>
        route.fulfill({ contentType: 'text/html', body: '<title>Neutral</title><p>Weather</p>' }),
      );
      context.on(
        'response',
        (r) => void (r.url().startsWith(origin) && answers.push({ url: r.url(), cacheControl: r.headers()['cache-control'] ?? '' })),
      );
      context.on('page', (page) =>
        page.on('console', (m) => void (m.text().includes('Content Security Policy') && cspReports.push(m.text()))),
      );
      const page = await context.newPage();
      page.on('console', (m) => void (m.text().includes('Content Security Policy') && cspReports.push(m.text())));
      return { context, page };
    }

    async function screen(page: Page, name: string): Promise<void> {
      violations.push(...(await seriousViolations(page)).map((v) => `${name}: ${v}`));
      screensChecked.push(name);
      await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
    }

    async function signIn(page: Page, token: string): Promise<void> {
      await page.goto(`${origin}/console/`);
      await page.getByLabel('API token').fill(token);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Inbox' }).waitFor();
    }

    it('lets the Dutch shelter sign in and make a referral with the keyboard alone, previewing what the receiver will see', async () => {
      const page = sender.page;
      await page.goto(`${origin}/console/`);
      await page.getByLabel('API token').waitFor();
      await screen(page, 'sign-in');
      await typeInto(page, 'API token', nl.token);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Inbox' }).waitFor();
      expect(await page.getByLabel('API token').count()).toBe(0);

      await tabTo(page, 'New referral');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'New referral' }).waitFor();
      await screen(page, 'new-referral-person');
      await typeInto(page, 'Given names', 'Réka');
      await typeInto(page, 'Family name', 'Példa');
      await typeInto(page, 'Nationality', 'XX');
      await typeInto(page, 'Country of return', 'HU');
      await typeInto(page, 'Phone', '+36 1 555 0100');
      await tabTo(page, 'Save and continue');
      await page.keyboard.press('Enter');
      // The API's problem appears next to the field it names, and nothing was registered.
      await page.locator('#f-nationality-problem').waitFor();
      expect(await page.getByLabel('Nationality').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#f-nationality-problem').innerText()).toContain('ISO 3166-1 alpha-2');
      const registered = await t.dataSource.query(`SELECT count(*)::int AS n FROM subjects WHERE organisation_id = $1`, [
        nl.organisationId,
      ]);
      expect(registered).toEqual([{ n: 0 }]);
      await tabTo(page, 'Nationality');
      await page.keyboard.press('Control+A');
      await page.keyboard.type('HU');
      await tabTo(page, 'Save and continue');
      await page.keyboard.press('Enter');

      await page.getByRole('heading', { name: 'Consent', level: 2 }).waitFor();
      await page.getByRole('option', { name: huName }).waitFor({ state: 'attached' });
      await tabTo(page, 'Follow-up reporting');
      await page.keyboard.press('Space');
      await typeInto(page, 'Reference of the signed form', 'Signed form 2026/001');
      await screen(page, 'new-referral-consent');
      await page.keyboard.press('Enter');

      await page.getByRole('heading', { name: 'The referral', level: 2 }).waitFor();
      await tabTo(page, 'Labour exploitation');
      await page.keyboard.press('Space');
      await tabTo(page, 'Start of the reflection period');
      await page.keyboard.type('09012026');
      await tabTo(page, 'End of the reflection period');
      await page.keyboard.type('11292026');
      await tabTo(page, 'Cooperated with the police');
      await page.keyboard.type('No');
      await tabTo(page, 'Residence status');
      await page.keyboard.type('EU_CITIZEN');
      await tabTo(page, 'Debt');
      await page.keyboard.press('Space');
      await screen(page, 'new-referral-referral');
      await tabTo(page, 'Save and continue');
      await page.keyboard.press('Enter');

      // The preview: identity and case history under the consent, contact data not, the risk for safety.
      const preview = page.locator('.preview');
      await preview.waitFor();
      expect(await preview.getByRole('row', { name: /^Name/ }).innerText()).toMatch(/Réka Példa\s+will see/);
      expect(await preview.getByRole('row', { name: /^Phone/ }).innerText()).toMatch(/will not see/);
      expect(await preview.getByRole('row', { name: /^Risk level/ }).innerText()).toMatch(/will see · Shared for safety/);
      await screen(page, 'new-referral-preview');
      await tabTo(page, 'Submit the referral');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: /^Referral NL-/ }).waitFor();
      expect(await page.locator('h1 .badge').innerText()).toBe('Submitted');
    });

    it('shows it in the Hungarian NGO’s inbox as needing action, with the person’s data, and takes it through acceptance and arrival', async () => {
      const page = receiver.page;
      await signIn(page, hu.token);
      const row = page.getByRole('row', { name: /NL-/ });
      await row.waitFor();
      expect(await row.innerText()).toContain('Accept or decline');
      expect(await row.getAttribute('class')).toBe('needs-action');
      await screen(page, 'inbox');
      await row.getByRole('link').click();
      await page.getByRole('heading', { name: /^Referral NL-/ }).waitFor();
      expect(await page.locator('main').innerText()).toContain('Réka Példa');
      // The sending country's national fields, by their labels, in the reader's words.
      expect(await page.locator('main').innerText()).toMatch(/Start of the reflection period\s+1 Sept? 2026/);
      expect(await page.locator('main').innerText()).toMatch(/Cooperated with the police[^\n]*\s+No/);
      // Contact data is not covered: withheld, with the reason in words.
      expect(await page.getByText('Withheld: The consent does not cover this').count()).toBeGreaterThan(0);
      expect(await page.getByRole('button', { name: 'Withdraw consent' }).count()).toBe(0); // the sender's step
      await screen(page, 'referral-received');

      await page.getByRole('button', { name: 'Accept' }).click();
      await page.getByRole('button', { name: 'Record the arrival' }).click();
      await page.getByRole('button', { name: 'Confirm: Record the arrival' }).click();
      await page.locator('h1 .badge', { hasText: 'Returned' }).waitFor();
      referralId = await page.evaluate<string>(
        `fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ referrals(box: INBOX) { edges { node { id } } } }' }) }).then((r) => r.json()).then((b) => b.data.referrals.edges[0].node.id)`,
      );
    });

    it('lets the NGO report the first follow-up a month later, and the shelter read it under its consent', async () => {
      clock.advanceDays(31);
      const page = receiver.page;
      await page.getByRole('button', { name: 'Follow-ups' }).click();
      await page.getByRole('heading', { name: 'Follow-ups' }).waitFor();
      await screen(page, 'follow-ups');
      await page
        .getByRole('button', { name: /Write the report/ })
        .first()
        .click();
      await page.getByRole('heading', { name: 'Follow-up report' }).waitFor();
      await page.getByLabel('Economic wellbeing (1-5)').selectOption('4');
      await page.getByLabel('What happened since the last report').fill('Settled with her sister; started a course.');
      await page.getByLabel('Reintegration plan').fill('Vocational course in Miskolc; monthly counselling.');
      await screen(page, 'follow-up-report');
      await page.getByRole('button', { name: 'Submit the report' }).click();
      await page.getByRole('heading', { name: /^Referral NL-/ }).waitFor();
      expect(await page.locator('main').innerText()).toContain('Settled with her sister');

      const own = sender.page;
      await own.getByRole('button', { name: 'Outbox' }).click();
      await own.getByRole('row', { name: /NL-/ }).getByRole('link').click();
      await own.getByText('Settled with her sister; started a course.').waitFor();
      await screen(own, 'referral-sent');
    });

    it('hides the person’s data from the NGO on its next view once the shelter withdraws consent', async () => {
      const own = sender.page;
      await own.getByRole('button', { name: 'Withdraw consent' }).click();
      await own.getByRole('textbox', { name: 'Reason', exact: true }).fill('She asked us to stop sharing.');
      await own.getByRole('button', { name: 'Confirm: Withdraw consent' }).click();
      await own.locator('h1 .badge', { hasText: 'Consent withdrawn' }).waitFor();

      const page = receiver.page;
      await page.getByRole('button', { name: 'Inbox' }).click();
      await page.getByRole('row', { name: /NL-/ }).getByRole('link').click();
      await page.locator('h1 .badge', { hasText: 'Consent withdrawn' }).waitFor();
      const text = await page.locator('main').innerText();
      expect(text).not.toContain('Réka');
      expect(text).not.toContain('Settled with her sister');
      expect(text).toContain('Withheld: Consent withdrawn');
      // The risk stays visible: it is shared for safety, not under consent.
      expect(text).toContain('Shared for safety (vital interest)');
      expect(await page.getByRole('button', { name: 'Close' }).count()).toBe(0);
      await screen(page, 'referral-withdrawn');
    });

    it('shows a third organisation nothing, not even by asking for the referral itself', async () => {
      const { context, page } = await open();
      await signIn(page, bg.token);
      await page.getByText('No referrals here.').waitFor();
      await page.getByRole('button', { name: 'Outbox' }).click();
      await page.getByText('No referrals here.').waitFor();
      const code = await page.evaluate<string>(
        `fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'query($id: ID!) { referral(id: $id) { reference } }', variables: { id: ${JSON.stringify(referralId)} } }) }).then((r) => r.json()).then((b) => b.errors[0].extensions.code)`,
      );
      expect(code).toBe('NOT_FOUND');
      await context.close();
    });

    it('lets an organisation admin propose and publish a practice and issue a token, and an analyst read suppressed statistics', async () => {
      const { context, page } = await open();
      await page.goto(`${origin}/console/`);
      await page.getByLabel('API token').fill(nlAdmin.token);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Practices' }).waitFor();
      expect(await page.getByRole('button', { name: 'Inbox' }).count()).toBe(0); // not a case worker
      await screen(page, 'practices');

      await page.getByRole('button', { name: 'Propose a practice' }).click();
      await page.getByLabel('Title').fill('Meeting returnees at the airport');
      await page.getByLabel('Summary').fill('A partner waits at arrivals with a sign only the person knows.');
      await page.getByLabel(/^Text/).fill('Agree the sign before departure; never use the person’s name in public.');
      await page.getByLabel('Return', { exact: true }).check();
      await screen(page, 'new-practice');
      await page.getByRole('button', { name: 'Save as draft' }).click();
      await page.getByRole('button', { name: 'Publish' }).click();
      await page
        .getByText(/Published/)
        .first()
        .waitFor();
      await screen(page, 'practice');

      await page.getByRole('button', { name: 'Organisation' }).click();
      await page.getByLabel('Name').fill('Anna Analyst');
      await page.getByLabel('Email').fill(`anna-${Date.now()}@shelter.example`);
      await page.getByLabel('Case worker', { exact: true }).uncheck();
      await page.getByLabel('Analyst', { exact: true }).check();
      await page.getByRole('button', { name: 'Add the member' }).click();
      await page.getByRole('button', { name: 'Issue a token for Anna Analyst' }).click();
      const analystToken = await page.locator('.token-once').innerText();
      expect(analystToken).toMatch(/^rvt_/);
      await screen(page, 'organisation');
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByLabel('API token').fill(analystToken);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('button', { name: 'Statistics' }).click();
      // One referral in this network: no cell may show its small count. The cell-key method answers such a cell
      // as suppressed or as 0, depending on the records' keys.
      await page.getByRole('row', { name: /^Netherlands/ }).waitFor();
      const cells = await page.locator('table.statistics tbody td').allInnerTexts();
      expect(cells.filter((cell) => cell !== '' && cell !== 'suppressed' && cell !== '0')).toEqual([]);
      await screen(page, 'statistics');
      await context.close();
    });

    it('speaks Dutch and Hungarian, with dates in the chosen locale', async () => {
      const page = sender.page;
      await page.getByRole('combobox', { name: 'Language', exact: true }).selectOption('nl');
      await page.getByRole('button', { name: 'Postvak UIT' }).click();
      await page.getByRole('heading', { name: 'Postvak UIT' }).waitFor();
      await page.getByRole('combobox', { name: 'Taal', exact: true }).selectOption('hu');
      await page.getByRole('button', { name: 'Beérkezett' }).click();
      await page.getByRole('heading', { name: 'Beérkezett' }).waitFor();
      await page.getByRole('button', { name: 'Kimenő' }).click();
      const changed = await page.getByRole('row', { name: /NL-/ }).locator('td').nth(4).innerText();
      expect(changed).toMatch(/^\d{4}\. [a-zé]+\.? \d{1,2}\./); // e.g. 2026. dec. 6. 04:20
      await page.getByRole('combobox', { name: 'Nyelv', exact: true }).selectOption('en');
    });

    it('keeps no token or personal data in the browser: web storage, IndexedDB, script-readable cookies, the HTTP cache', async () => {
      for (const { context, page } of [sender, receiver]) {
        expect(await keptInBrowser(page)).toEqual({ local: 0, session: 0, databases: 0, scriptCookies: '' });
        const cookies = await context.cookies();
        expect(cookies.map((c) => [c.name, c.httpOnly, c.sameSite])).toEqual([['ravot_session', true, 'Strict']]);
        expect(JSON.stringify(cookies)).not.toContain(nl.token);
        expect(JSON.stringify(cookies)).not.toContain(hu.token);
      }
      const personal = answers.filter((a) => !a.url.includes('/console/assets/'));
      expect(personal.length).toBeGreaterThan(10);
      expect(personal.filter((a) => a.cacheControl !== 'no-store')).toEqual([]);
      expect(cspReports).toEqual([]);
    });

    it('leaves at once with Escape twice: signed out, and Back does not return to the page', async () => {
      const page = receiver.page;
      await page.getByRole('button', { name: 'Inbox' }).click();
      await page.getByRole('row', { name: /NL-/ }).getByRole('link').click();
      await page.getByRole('heading', { name: /^Referral NL-/ }).waitFor();
      await page.keyboard.press('Escape');
      await page.keyboard.press('Escape');
      await page.waitForURL(EXIT);
      await page.goBack().catch(() => undefined);
      expect(page.url()).not.toContain('/console');
      // The session is gone: the console asks to sign in again.
      const again = await receiver.context.newPage();
      await again.goto(`${origin}/console/`);
      await again.getByLabel('API token').waitFor();
      expect(await receiver.context.cookies()).toEqual([]);
    });

    it('has no serious or critical accessibility violations on any screen', () => {
      expect(screensChecked.length).toBe(16);
      expect(violations).toEqual([]);
    });
  },
);
