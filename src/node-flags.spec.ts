import { readFileSync } from 'node:fs';
import { EMBEDDED_SEMI_SPACE, npmStartFlags, SERVER_SEMI_SPACE, serverFlagsInstead } from './node-flags.js';

const NPM_START = ['--liftoff-only', '--max-old-space-size=256', EMBEDDED_SEMI_SPACE];

describe('serverFlagsInstead', () => {
  it("applies to npm start's own flags (package.json), so that a server gets its semi-spaces", () => {
    const flags = npmStartFlags(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(flags).toContain(EMBEDDED_SEMI_SPACE);
    expect(serverFlagsInstead({ DATABASE_URL: 'postgres://db/ravot' }, flags)).toContain(SERVER_SEMI_SPACE);
  });

  it("gives npm start's flags with the server's semi-spaces when the database is a server", () => {
    const server = ['--liftoff-only', '--max-old-space-size=256', SERVER_SEMI_SPACE];
    expect(serverFlagsInstead({ DATABASE_URL: 'postgres://db/ravot' }, NPM_START)).toEqual(server);
    expect(serverFlagsInstead({ DATABASE_URL_FILE: '/run/secrets/database_url' }, NPM_START)).toEqual(server);
  });

  it('keeps the flags on the embedded database, where an empty DATABASE_URL counts as unset', () => {
    expect(serverFlagsInstead({}, NPM_START)).toBeNull();
    expect(serverFlagsInstead({ DATABASE_URL: '', DATABASE_URL_FILE: '' }, NPM_START)).toBeNull();
  });

  it("keeps an operator's own flags", () => {
    expect(serverFlagsInstead({ DATABASE_URL: 'postgres://db/ravot' }, ['--max-semi-space-size=16'])).toBeNull();
    expect(serverFlagsInstead({ DATABASE_URL: 'postgres://db/ravot' }, [])).toBeNull();
  });
});
