import { rmSync, writeFileSync } from 'node:fs';
import type { Credential } from '../organisations/credentials.js';
import { OrganisationKind } from '../organisations/organisation-kind.js';
import { DEMO_NETWORK } from './demo-network.js';

const KIND_NAMES: Partial<Record<OrganisationKind, string>> = {
  [OrganisationKind.IOM_MISSION]: 'IOM',
  [OrganisationKind.COORDINATION_CENTRE]: 'CENTRE',
};

/**
 * A shell variable name for a demo member's token, from what the member is rather than who: the country, the kind of
 * organisation and the role (NL_SHELTER_CASE_WORKER, HU_NGO_CASE_WORKER, NL_CENTRE_ANALYST, ...). The secretariat's
 * first member is NETWORK_ADMIN.
 */
export function tokenVariableOf(credential: Credential): string {
  const roles = credential.roles.split(', ');
  if (roles.includes('NETWORK_ADMIN')) return 'NETWORK_ADMIN';
  const organisation = DEMO_NETWORK.find((demo) => demo.name === credential.organisation);
  if (!organisation) throw new Error(`${credential.organisation} is not an organisation of the demo network.`);
  return `${organisation.country}_${KIND_NAMES[organisation.kind] ?? organisation.kind}_${roles[0]}`;
}

/**
 * Writes `export NAME=token` lines for `source`, into a file only its owner can read: an existing file is replaced, not
 * rewritten, so that a file someone else could read never holds a token.
 */
export function writeTokensFile(path: string, credentials: Credential[]): string[] {
  const lines = credentials.map((credential) => {
    if (!/^[A-Za-z0-9_-]+$/.test(credential.token)) throw new Error('A token holds characters a shell would interpret.');
    return { name: tokenVariableOf(credential), token: credential.token };
  });
  const names = lines.map((line) => line.name);
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated) throw new Error(`Two demo members would share the variable ${repeated}.`);
  rmSync(path, { force: true });
  writeFileSync(path, lines.map(({ name, token }) => `export ${name}=${token}\n`).join(''), { mode: 0o600, flag: 'wx' });
  return names;
}
