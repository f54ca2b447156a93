import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './support/free-port.js';
import { bashBlocks, BlocksRun, markdownSection, runBashBlocks } from './support/markdown-commands.js';
import { buildService, serviceDatabase } from './support/service-process.js';

/** The walkthrough under test: the README's "First steps", which a new user copies into a terminal. */
const WALKTHROUGH = 'README.md';
const SECTION = 'First steps';
const ROOT = new URL('../', import.meta.url).pathname;

describe(`the walkthrough in ${WALKTHROUGH}, ${SECTION}`, () => {
  const folder = mkdtempSync(join(tmpdir(), 'ravot-first-steps-'));
  let database: Awaited<ReturnType<typeof serviceDatabase>>;
  let run: BlocksRun;
  const blocks = bashBlocks(markdownSection(readFileSync(join(ROOT, WALKTHROUGH), 'utf8'), SECTION));
  const outputOf = (text: string) => run.outputs[blocks.findIndex((block) => block.includes(text))];

  beforeAll(async () => {
    await buildService();
    database = await serviceDatabase(join(folder, 'unused'), { firstStart: true });
    // Nothing inherited says where a database is: the walkthrough's own RAVOT_DATA_DIR, or the test server's.
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(([key]) => !/^(DATABASE_|TEST_DATABASE_URL|RAVOT_|PORT$|NODE_ENV$|LOG_LEVEL$)/.test(key)),
    ) as Record<string, string>;
    const env: Record<string, string> = { ...inherited, ...database.env, TMPDIR: folder, PORT: String(await freePort()) };
    delete env.RAVOT_DATA_DIR;
    run = await runBashBlocks(blocks, { cwd: ROOT, env, timeoutMs: 240_000 });
  }, 300_000);
  afterAll(async () => {
    await database?.drop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('runs every block without an error', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    if (run.code !== 0) throw new Error(`exit ${run.code}\n${run.stdout.slice(-3000)}\n${run.stderr.slice(-3000)}`);
    expect(run.outputs).toHaveLength(blocks.length);
  });

  it('delivers the new referral to the Hungarian NGO, with the data the consent covers', () => {
    const submitted = JSON.parse(outputOf('submitReferral')).submitReferral?.referral;
    expect(submitted).toEqual({ reference: expect.stringMatching(/^NL-\d{4}-\d{6}$/), status: 'SUBMITTED' });
    const inbox = JSON.parse(outputOf('box: INBOX')).referrals.edges.map((edge: any) => edge.node);
    expect(inbox).toContainEqual({
      reference: submitted.reference,
      status: 'SUBMITTED',
      sender: { name: 'Safe House Rotterdam (demo)' },
      subject: { identity: { givenNames: 'Réka', familyName: 'Példa' } },
      needs: [{ serviceType: 'SHELTER', note: 'A safe place for the first weeks' }],
    });
  });

  it('shows a demo case with its history, follow-ups, report and messages', () => {
    const [demoCase] = JSON.parse(outputOf('status: IN_REINTEGRATION')).referrals.edges.map((edge: any) => edge.node);
    expect(demoCase.events.map((event: any) => event.type)).toEqual(expect.arrayContaining(['RETURNED', 'IN_REINTEGRATION']));
    expect(demoCase.followUps[0].report.content.narrative).toEqual(expect.any(String));
    expect(demoCase.messages).toHaveLength(1);
  });

  it('keeps the tokens in a file only its owner can read, and out of what it prints', () => {
    const [demo] = readdirSync(folder).filter((name) => name.startsWith('tmp.'));
    const tokens = join(folder, demo, 'tokens.sh');
    expect(statSync(tokens).mode & 0o777).toBe(0o600);
    expect(readFileSync(tokens, 'utf8')).toMatch(/^export NL_SHELTER_CASE_WORKER=rvt_/m);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/rvt_[A-Za-z0-9_-]{20,}/);
  });

  it('stops the service with its last block', () => {
    expect(run.leftNothingRunning).toBe(true);
  });
});
