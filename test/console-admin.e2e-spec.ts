import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { useBuiltConsole } from './support/console-build.js';
import { CHROMIUM, screenshotFolder, seriousViolations, tabTo } from './support/console-browser.js';
import { freshDatabase } from './support/fresh-database.js';
import { Party, TestApp } from './support/test-app.js';
import { WebhookDispatcher } from '../src/webhooks/webhook-dispatcher.js';
import { eventsSettled } from './support/partner-events.js';

const inBrowser = existsSync(CHROMIUM) ? describe : describe.skip;

/**
 * The organisation admin's screen in a real Chromium: a one-time sign-in link issued for a colleague, who signs in
 * with it in a browser of their own (once: the second time it fails, and the address never keeps it); a member who is
 * no admin neither sees the screen nor gets its data from the API; roles changed (the API's problem next to the
 * field), a member removed after a confirmation, the last admin kept; a webhook endpoint registered, paused, resumed
 * and deleted; axe-core on every screen it passes. One walk, in order.
 */
inBrowser(
  existsSync(CHROMIUM)
    ? 'the organisation admin’s console in Chromium'
    : `the organisation admin’s console in Chromium: SKIPPED, no Chromium at ${CHROMIUM} (apt-get install chromium)`,
  () => {
    let t: TestApp;
    let drop: () => Promise<void>;
    let origin: string;
    let browser: Browser;
    let admin: Party;
    let casey: string;
    let bea: string;
    let adminPage: Page;
    let caseyPage: Page;
    let link: string;
    const violations: string[] = [];
    const screensChecked: string[] = [];
    let shots: string;

    beforeAll(async () => {
      await useBuiltConsole();
      const fresh = await freshDatabase();
      drop = fresh.drop;
      t = await TestApp.start({
        ...fresh.overrides,
        RAVOT_WEBHOOK_INTERVAL_MS: '0',
        RAVOT_WEBHOOK_ALLOW_HTTP: 'true',
        RAVOT_WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1/32',
      });
      const network = await t.networkAdmin();
      admin = await t.organisation(network, { country: 'NL', kind: 'SHELTER', name: 'Safe House Utrecht' });
      casey = await addMember('Casey Worker', ['CASE_WORKER']);
      bea = await addMember('Bea Example', ['CASE_WORKER']);
      await t.app.listen(0, '127.0.0.1');
      origin = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
      shots = screenshotFolder();
      adminPage = (await open()).page;
    });
    afterAll(async () => {
      await browser?.close();
      await t?.close();
      await drop?.();
    });

    async function addMember(displayName: string, roles: string[]): Promise<string> {
      const added = await t.gql(admin.token, `mutation($input: AddMemberInput!) { addMember(input: $input) { member { id } } }`, {
        input: { displayName, email: `${displayName.replace(' ', '.').toLowerCase()}@shelter.example`, roles },
      });
      return added.data.addMember.member.id;
    }

    async function open(): Promise<{ context: BrowserContext; page: Page }> {
      const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
      return { context, page: await context.newPage() };
    }

    async function screen(page: Page, name: string): Promise<void> {
      violations.push(...(await seriousViolations(page)).map((v) => `${name}: ${v}`));
      screensChecked.push(name);
      await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
    }

    /**
     * Waits until an expression holds in the page. Not waitForFunction: its polling evaluates the expression with
     * eval inside the page, which the console's CSP (rightly) refuses; page.evaluate runs outside it.
     */
    async function until(page: Page, expression: string): Promise<void> {
      for (let tries = 0; tries < 100; tries++) {
        if (await page.evaluate<boolean>(`Boolean(${expression})`)) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`Never held: ${expression}`);
    }

    /** What the page's own session gets from the API for a query (as the console would ask). */
    const apiAnswer = (page: Page, query: string) =>
      page.evaluate<{ data: unknown; code: string | undefined }>(
        `fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: ${JSON.stringify(query)} }) }).then((r) => r.json()).then((b) => ({ data: b.data, code: b.errors && b.errors[0].extensions.code }))`,
      );

    it('lets the admin issue a one-time sign-in link for a member, shown once with a copy button', async () => {
      const page = adminPage;
      await page.goto(`${origin}/console/`);
      await page.getByLabel('API token').fill(admin.token);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('button', { name: 'Organisation' }).click();
      await page.getByRole('heading', { name: 'Organisation' }).waitFor();
      // With the keyboard alone, as on the rest of the console.
      await tabTo(page, 'Sign-in link Casey Worker');
      await page.keyboard.press('Enter');
      const shown = page.getByRole('status');
      await shown.getByText('A sign-in link for Casey Worker, shown this once.').waitFor();
      link = await shown.locator('.token-once').innerText();
      expect(link).toMatch(new RegExp(`^${origin}/console/#/sign-in/rvl_[A-Za-z0-9_-]{43}$`));
      expect(await shown.getByRole('button', { name: 'Copy' }).count()).toBe(1);
      // The secret takes the focus where it appears, at the top of the page.
      await until(page, `document.activeElement && document.activeElement.classList.contains('shown-once')`);
      await screen(page, 'organisation-admin');
      await shown.getByRole('button', { name: 'Done' }).click();
      expect(await page.locator('.token-once').count()).toBe(0);
    });

    it('signs the member in with the link in a browser of their own, and clears it from the address at once', async () => {
      const { page } = await open();
      caseyPage = page;
      await page.goto(link);
      await page.getByRole('heading', { name: 'Inbox' }).waitFor();
      expect(page.url()).toBe(`${origin}/console/`);
      expect(await page.evaluate<string>('location.href + history.state')).not.toContain('rvl_');
      expect(await page.locator('.who').innerText()).toContain('Casey Worker');
    });

    it('does not work a second time', async () => {
      const { context, page } = await open();
      await page.goto(link);
      await page.getByRole('alert').getByText('This sign-in link does not work').waitFor();
      await page.getByLabel('API token').waitFor();
      expect(page.url()).toBe(`${origin}/console/`);
      await screen(page, 'sign-in-link-used');
      expect(await context.cookies()).toEqual([]);
      await context.close();
    });

    it('shows a member who is no admin no organisation screen, and the API refuses them its data', async () => {
      expect(await caseyPage.getByRole('button', { name: 'Organisation' }).count()).toBe(0);
      expect(await apiAnswer(caseyPage, '{ members { edges { node { id email } } } }')).toEqual({ data: null, code: 'FORBIDDEN' });
      expect(await apiAnswer(caseyPage, '{ webhookEndpoints { edges { node { url } } } }')).toEqual({ data: null, code: 'FORBIDDEN' });
      const issued = await caseyPage.evaluate<string>(
        `fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'mutation($id: ID!) { issueSignInLink(input: { memberId: $id }) { secret } }', variables: { id: ${JSON.stringify(casey)} } }) }).then((r) => r.json()).then((b) => b.errors[0].extensions.code)`,
      );
      expect(issued).toBe('FORBIDDEN');
    });

    it('changes a member’s roles, with the API’s problem next to the field, and changes nothing on a bad choice', async () => {
      const page = adminPage;
      await page.getByRole('button', { name: 'Change roles Bea Example' }).click();
      const form = page.locator('form[aria-labelledby="member-task"]');
      await form.getByRole('heading', { name: 'Roles of Bea Example' }).waitFor();
      // The form takes the focus, so that a keyboard user lands on it.
      await until(page, `document.activeElement && document.activeElement.textContent === 'Roles of Bea Example'`);
      await form.getByLabel('Case worker', { exact: true }).uncheck();
      await form.getByRole('button', { name: 'Save the roles' }).click();
      await form.locator('#f-roles-problem').waitFor();
      expect(await form.locator('#f-roles-problem').innerText()).toContain('at least one role');
      const [unchanged] = await t.dataSource.query(`SELECT roles FROM members WHERE id = $1`, [bea]);
      expect(unchanged.roles).toEqual(['CASE_WORKER']);
      await screen(page, 'organisation-roles');

      await form.getByLabel('Analyst', { exact: true }).check();
      await form.getByRole('button', { name: 'Save the roles' }).click();
      await page
        .getByRole('row', { name: /Bea Example/ })
        .getByText('Analyst')
        .waitFor();
      const [changed] = await t.dataSource.query(`SELECT roles FROM members WHERE id = $1`, [bea]);
      expect(changed.roles).toEqual(['ANALYST']);
    });

    it('removes a member after a confirmation, and keeps the last admin, saying why', async () => {
      const page = adminPage;
      await page.getByRole('button', { name: 'Remove First admin' }).click();
      await page.getByRole('button', { name: 'Confirm: Remove First admin' }).click();
      await page.getByRole('alert').getByText('An organisation keeps at least one ORG_ADMIN').waitFor();
      await page.getByRole('button', { name: 'Back' }).click();

      await tabTo(page, 'Remove Casey Worker');
      await page.keyboard.press('Enter');
      await page.getByText('Their tokens and sign-in links stop working at once.').waitFor();
      await screen(page, 'organisation-remove');
      await tabTo(page, 'Confirm: Remove Casey Worker');
      await page.keyboard.press('Enter');
      await page.getByRole('row', { name: /Casey Worker/ }).waitFor({ state: 'detached' });
      const [removed] = await t.dataSource.query(`SELECT removed_at FROM members WHERE id = $1`, [casey]);
      expect(removed.removed_at).not.toBeNull();
      // The session the link opened ends with the member.
      expect((await apiAnswer(caseyPage, '{ me { id } }')).code).toBe('UNAUTHENTICATED');
    });

    it('registers a webhook endpoint (its secret shown once), pauses, resumes and deletes it; a refused address changes nothing', async () => {
      const page = adminPage;
      await page.getByLabel('Address (https)').fill('https://10.0.0.1/hook');
      await page.getByRole('button', { name: 'Register the endpoint' }).click();
      await page.locator('#f-url-problem').waitFor();
      expect(await page.getByLabel('Address (https)').getAttribute('aria-invalid')).toBe('true');
      expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM webhook_endpoints`)).toEqual([{ n: 0 }]);

      const url = 'http://127.0.0.1:9/ravot';
      await page.getByLabel('Address (https)').fill(url);
      await page.getByLabel('Description').fill('Case system');
      await page.getByRole('button', { name: 'Register the endpoint' }).click();
      const shown = page.getByRole('status');
      await shown.getByText(`The signing secret of ${url}`).waitFor();
      expect(await shown.locator('.token-once').innerText()).toMatch(/^whsec_/);
      await shown.getByRole('button', { name: 'Done' }).click();
      const row = page.getByRole('row', { name: new RegExp(url) });
      await row.getByText('Active').waitFor();
      expect(await row.innerText()).toContain('Hears every event');

      await row.getByRole('button', { name: `Delivery log ${url}` }).click();
      await page.getByText('Nothing was delivered yet.').waitFor();
      await row.getByRole('button', { name: `Delivery log ${url}` }).click();
      await row.getByRole('button', { name: `Pause ${url}` }).click();
      await row.getByText('Paused').waitFor();
      await row.getByRole('button', { name: `Resume ${url}` }).click();
      await row.getByText('Active').waitFor();

      // A published practice is announced to every organisation; nothing answers at the address, so it waits.
      const practice = await t.gql(
        admin.token,
        `mutation { createPractice(input: { title: "Heard by the hook", summary: "What worked", body: "Body", language: "nl" }) { practice { id } } }`,
      );
      await t.gql(admin.token, `mutation($id: ID!) { publishPractice(input: { id: $id }) { practice { id } } }`, {
        id: practice.data.createPractice.practice.id,
      });
      await eventsSettled(t);
      await t.app.get(WebhookDispatcher).runOnce();
      await row.getByRole('button', { name: `Delivery log ${url}` }).click();
      const delivery = page.getByRole('row', { name: /PRACTICE_PUBLISHED/ });
      await delivery.waitFor();
      expect((await delivery.locator('td').allInnerTexts()).slice(0, 3)).toEqual([
        'Pending',
        '1',
        expect.stringMatching(/ECONNREFUSED|connect|refused/i),
      ]);
      await screen(page, 'organisation-webhooks');
      await delivery.getByRole('button', { name: 'Deliver again PRACTICE_PUBLISHED' }).click();
      await page
        .getByRole('row', { name: /PRACTICE_PUBLISHED/ })
        .locator('td')
        .nth(1)
        .getByText('0')
        .waitFor();

      // The service disables an endpoint that failed for over a day, and the admin sees when and why.
      await t.dataSource.query(
        `UPDATE webhook_endpoints SET status = 'DISABLED', disabled_reason = 'Every delivery failed for over a day.', disabled_at = now()`,
      );
      await page.getByRole('button', { name: 'Practices' }).click();
      await page.getByRole('button', { name: 'Organisation' }).click();
      await row.getByText(/Disabled by the service on .*: Every delivery failed for over a day\./).waitFor();
      expect(await row.getByRole('button', { name: `Resume ${url}` }).count()).toBe(1);

      await row.getByRole('button', { name: `Delete ${url}` }).click();
      await page.getByRole('button', { name: `Confirm: Delete ${url}` }).click();
      await page.getByText('No webhook endpoints.').waitFor();
      expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM webhook_endpoints`)).toEqual([{ n: 0 }]);
    });

    it('speaks Dutch and Hungarian on the admin screen', async () => {
      const page = adminPage;
      await page.getByRole('combobox', { name: 'Language', exact: true }).selectOption('nl');
      await page.getByRole('button', { name: 'Aanmeldlink Bea Example' }).waitFor();
      await page.getByRole('heading', { name: 'Webhooks' }).waitFor();
      await screen(page, 'organisation-admin-nl');
      await page.getByRole('combobox', { name: 'Taal', exact: true }).selectOption('hu');
      await page.getByRole('button', { name: 'Bejelentkezési link Bea Example' }).waitFor();
      await page.getByRole('heading', { name: 'Webhookok' }).waitFor();
      await screen(page, 'organisation-admin-hu');
      await page.getByRole('combobox', { name: 'Nyelv', exact: true }).selectOption('en');
    });

    it('has no serious or critical accessibility violations on any screen it passed', () => {
      expect(screensChecked.length).toBe(7);
      expect(violations).toEqual([]);
    });
  },
);
