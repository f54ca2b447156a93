import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Credential } from '../organisations/credentials.js';
import { tokenVariableOf, writeTokensFile } from './demo-tokens.js';

const member = (organisation: string, roles: string, token = 'rvt_abcdefghijklmnopqrstuvwxyz'): Credential => ({
  organisation,
  member: 'Someone',
  roles,
  token,
});

describe('the demo tokens file', () => {
  const folder = mkdtempSync(join(tmpdir(), 'ravot-demo-tokens-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('names each token after the member’s country, kind of organisation and role', () => {
    expect(tokenVariableOf(member('Safe House Rotterdam (demo)', 'CASE_WORKER'))).toBe('NL_SHELTER_CASE_WORKER');
    expect(tokenVariableOf(member('Budapest Reintegration Foundation (demo)', 'CASE_WORKER'))).toBe('HU_NGO_CASE_WORKER');
    expect(tokenVariableOf(member('IOM Netherlands return desk (demo)', 'ORG_ADMIN'))).toBe('NL_IOM_ORG_ADMIN');
    expect(tokenVariableOf(member('RAVOT Network Secretariat', 'NETWORK_ADMIN, ORG_ADMIN'))).toBe('NETWORK_ADMIN');
    expect(() => tokenVariableOf(member('Somewhere else', 'CASE_WORKER'))).toThrow(/not an organisation of the demo network/);
  });

  it('replaces a file others could read with one only its owner reads, holding export lines', () => {
    const file = join(folder, 'tokens.sh');
    writeFileSync(file, 'old content\n', { mode: 0o644 });
    writeTokensFile(file, [member('Safe House Rotterdam (demo)', 'CASE_WORKER', 'rvt_one_1234567890abcdefghij')]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe('export NL_SHELTER_CASE_WORKER=rvt_one_1234567890abcdefghij\n');
  });

  it('writes nothing when a token would mean something to the shell, or two members would share a name', () => {
    const file = join(folder, 'refused.sh');
    expect(() => writeTokensFile(file, [member('Safe House Rotterdam (demo)', 'CASE_WORKER', 'rvt_$(reboot)')])).toThrow(/shell/);
    const twice = [member('Safe House Rotterdam (demo)', 'CASE_WORKER'), member('Safe House Rotterdam (demo)', 'CASE_WORKER')];
    expect(() => writeTokensFile(file, twice)).toThrow(/share the variable NL_SHELTER_CASE_WORKER/);
    expect(() => statSync(file)).toThrow(/ENOENT/);
  });
});
