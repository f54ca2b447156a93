import { CreateOrganisationPayload } from './dto/payloads.js';

export interface Credential {
  organisation: string;
  member: string;
  roles: string;
  token: string;
}

export function credentialOf(payload: CreateOrganisationPayload): Credential {
  return {
    organisation: payload.organisation.name,
    member: payload.firstAdmin.displayName,
    roles: payload.firstAdmin.roles.join(', '),
    token: payload.firstAdminToken.token,
  };
}

/**
 * Tokens go to standard output once, and never through the logger: the log
 * may be shipped and kept, a terminal is seen by the person who asked.
 */
export function printCredentials(heading: string, credentials: (Credential | CreateOrganisationPayload)[]): void {
  const rows = credentials.map((c) => ('firstAdminToken' in c ? credentialOf(c) : c));
  const lines = [
    '',
    heading,
    'Each token below is shown this once and cannot be retrieved again: keep it in a password manager.',
    ...rows.map((row) => `  ${row.organisation} | ${row.member} [${row.roles}]\n    ${row.token}`),
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
