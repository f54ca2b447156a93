import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { buildService, ROOT } from './support/service-process.js';

/** A process that settles the warning (as the service does at start), then uses url.parse and shows another deprecation. */
const SCRIPT = `
  import { parse } from 'node:url';
  import { settleUrlParseWarning } from '${ROOT}dist/src/http/url-parse-warning.js';
  settleUrlParseWarning();
  parse('/graphql?a=1');
  process.emitWarning('another deprecation', { type: 'DeprecationWarning', code: 'DEP_TEST' });
`;

describe("url.parse's deprecation warning", () => {
  beforeAll(() => buildService(), 120_000);

  it('is used up silently, so that its check stops, while every other deprecation warning is still shown', async () => {
    const { stderr } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', SCRIPT]);
    // Without settling it first, Node 24 warns here (DEP0169) for this url.parse outside node_modules.
    expect(stderr).not.toContain('DEP0169');
    expect(stderr).toContain('[DEP_TEST] DeprecationWarning: another deprecation');
  });
});
