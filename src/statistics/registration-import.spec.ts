import { readFileSync } from 'node:fs';
import { parseRegistrationCsv } from './registration-import.js';

const SEED = new URL('../../test/fixtures/registered-victims-nl-2010-2012.csv', import.meta.url);

describe('parseRegistrationCsv', () => {
  it('reads the seed file: 31 figures for NL 2010-2012', () => {
    const { rows, problems } = parseRegistrationCsv(readFileSync(SEED, 'utf8'));
    expect(problems).toEqual([]);
    expect(rows).toHaveLength(31);
    expect(rows.filter((row) => row.nationality === 'HU').map((row) => row.victims)).toEqual([56, 120, 217]);
  });

  it('reports every problem with its line and column, and yields no rows', () => {
    const csv = [
      'registration_country,year,nationality,nationality_iso2,victims',
      'NL,2010,Hungary,HU,56',
      'XX,2010,Atlantis,ZZ,-3',
      'NL,twenty,Romania,RO,49',
      'NL,2010,"Hungary, again",HU,1',
    ].join('\n');
    const { rows, problems } = parseRegistrationCsv(csv);
    expect(rows).toEqual([]);
    expect(problems).toEqual([
      { line: 3, column: 'registration_country', problem: 'is not an ISO 3166-1 alpha-2 country code' },
      { line: 3, column: 'nationality_iso2', problem: 'is not an ISO 3166-1 alpha-2 country code' },
      { line: 3, column: 'victims', problem: 'must be a whole number, zero or more' },
      { line: 4, column: 'year', problem: 'must be a year between 1900 and 2100' },
      { line: 5, column: 'nationality_iso2', problem: 'repeats the registration country, year and nationality of line 2' },
    ]);
  });

  it('names a missing column', () => {
    expect(parseRegistrationCsv('country,year\nNL,2010').problems).toEqual([
      { line: 1, column: 'registration_country', problem: 'the header has no column registration_country' },
      { line: 1, column: 'nationality', problem: 'the header has no column nationality' },
      { line: 1, column: 'nationality_iso2', problem: 'the header has no column nationality_iso2' },
      { line: 1, column: 'victims', problem: 'the header has no column victims' },
    ]);
  });
});
