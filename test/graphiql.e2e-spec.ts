import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { Party, TestApp } from './support/test-app.js';
import { GRAPHIQL_EXAMPLES } from '../src/graphql/graphiql/examples.js';

/** Debian's Chromium (`apt-get install chromium`), or another one named by CHROMIUM_PATH. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const inBrowser = existsSync(CHROMIUM) ? describe : describe.skip;

inBrowser(`GraphiQL in a browser (skipped without Chromium at ${CHROMIUM})`, () => {
  let t: TestApp;
  let admin: Party;
  let origin: string;
  let browser: Browser;

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.networkAdmin();
    await t.app.listen(0, '127.0.0.1');
    origin = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  it('loads from the service alone, runs the example query with a token, and leaves neither token nor answer in the browser', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const elsewhere: string[] = [];
    const refused: string[] = [];
    page.on('request', (request) => void (request.url().startsWith(origin) || elsewhere.push(request.url())));
    page.on('console', (message) => void (message.text().includes('Content Security Policy') && refused.push(message.text())));

    await page.goto(`${origin}/graphql`);
    const queryEditor = page.locator('.graphiql-query-editor');
    await queryEditor.getByText('query WhoAmI').waitFor();
    // The worked examples of the API guide wait in tabs of their own (src/graphql/graphiql/examples.ts).
    const tabs = await page.locator('.graphiql-tab-button').allInnerTexts();
    expect(tabs.map((tab) => tab.trim())).toEqual(GRAPHIQL_EXAMPLES.map((example) => /^(?:query|mutation) (\w+)/m.exec(example)![1]));
    // The headers tab is open with a template; the token goes in its place.
    await setEditor(page, '.graphiql-editor-tool', `{ "Authorization": "Bearer ${admin.token}" }`);
    await page.locator('.graphiql-execute-button').click();
    const answer = page.locator('.graphiql-response');
    await answer.getByText('"displayName"').waitFor();
    expect(await answer.innerText()).toContain('NETWORK_ADMIN');

    expect(elsewhere).toEqual([]);
    expect(refused).toEqual([]);
    // A string, evaluated in the page: the tests compile without the DOM's types.
    const kept = await page.evaluate<string>(
      'JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookies: document.cookie })',
    );
    expect(kept).not.toContain(admin.token);
    expect(kept).not.toContain('NETWORK_ADMIN');

    // A new page starts from the template again.
    await page.reload();
    await queryEditor.getByText('query WhoAmI').waitFor();
    expect(await page.locator('.graphiql-editor-tool').innerText()).toContain('<your token>');
    await context.close();
  });

  it('answers 404 for any file that is not one of the page’s', async () => {
    for (const path of ['/graphiql/package.json', '/graphiql/..%2Fpackage.json', '/graphiql/%2e%2e%2f%2e%2e%2fpackage.json']) {
      expect((await t.http.get(path)).status).toBe(404);
    }
  });
});

/** Replaces the text of the CodeMirror editor inside `selector`, as a person selecting all and typing would. */
async function setEditor(page: import('playwright-core').Page, selector: string, text: string): Promise<void> {
  await page.locator(`${selector} .CodeMirror:visible`).click({ timeout: 10_000 });
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
}
