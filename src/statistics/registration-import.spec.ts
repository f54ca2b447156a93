import { readFileSync } from 'node:fs';
import { describeProblem, headerDelimiter, parseRegistrationCsv } from './registration-import.js';

const SEED = new URL('../../docs/examples/registered-victims-nl-2010-2012.csv', import.meta.url);
const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/registrations/${name}`, import.meta.url), 'utf8');
const HEADER = 'registration_country,year,nationality,nationality_iso2,victims';

describe('parseRegistrationCsv', () => {
  it('reads the seed file: 31 figures for NL 2010-2012', () => {
    const { rows, problems } = parseRegistrationCsv(readFileSync(SEED, 'utf8'));
    expect(problems).toEqual([]);
    expect(rows).toHaveLength(31);
    expect(rows.filter((row) => row.nationality === 'HU').map((row) => row.victims)).toEqual([56, 120, 217]);
  });

  it('reads a semicolon-separated spreadsheet export, with a semicolon inside a quoted name', () => {
    const { rows, problems } = parseRegistrationCsv(fixture('semicolon.csv'));
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      { registrationCountry: 'BE', year: 2014, nationality: 'RO', nationalityName: 'Roemenië', victims: 41 },
      { registrationCountry: 'BE', year: 2014, nationality: 'KR', nationalityName: 'Korea; Republiek', victims: 12 },
      { registrationCountry: 'BE', year: 2014, nationality: 'NG', nationalityName: 'Nigeria', victims: 30 },
    ]);
  });

  it('reads a file with a byte-order mark and Windows line endings as the same file without them', () => {
    const withMark = parseRegistrationCsv(fixture('bom-crlf.csv'));
    expect(withMark.problems).toEqual([]);
    expect(withMark.rows).toEqual(parseRegistrationCsv(`${HEADER}\nLU,2015,Hungary,HU,14\nLU,2015,Bulgaria,BG,22\n`).rows);
    expect(withMark.rows.map((row) => row.victims)).toEqual([14, 22]);
  });

  it('reads old Mac line endings and a mix of endings in one file', () => {
    const { rows, problems } = parseRegistrationCsv(`${HEADER}\rNL,2010,Hungary,HU,56\nNL,2010,Romania,RO,49\r\nNL,2010,Bulgaria,BG,73`);
    expect(problems).toEqual([]);
    expect(rows.map((row) => row.nationality)).toEqual(['HU', 'RO', 'BG']);
  });

  it('keeps a line break and doubled quotes inside a quoted value, and counts lines past it', () => {
    const { rows, problems } = parseRegistrationCsv(fixture('quoted-newline.csv'));
    expect(problems).toEqual([]);
    expect(rows.map((row) => row.nationalityName)).toEqual(['Bosnia and Herzegovina', 'Côte d\'Ivoire, "Ivory Coast"', 'Romania']);
    // The same file with a bad count on its last record: line 5, though it is the file's fourth record.
    const bad = parseRegistrationCsv(fixture('quoted-newline.csv').replace('RO,88', 'RO,-88'));
    expect(bad.problems).toEqual([{ line: 5, column: 'victims', columnNumber: 5, problem: 'must be a whole number, zero or more' }]);
    expect(bad.rows).toEqual([]);
  });

  it('skips blank rows and rows of empty cells, as spreadsheets export them, and still counts their lines', () => {
    const { rows, problems } = parseRegistrationCsv(`${HEADER}\n\nNL,2010,Hungary,HU,56\n,,,,\n  \nNL,2010,Romania,RO,x\n`);
    expect(rows).toEqual([]);
    expect(problems).toEqual([{ line: 6, column: 'victims', columnNumber: 5, problem: 'must be a whole number, zero or more' }]);
  });

  it('reports every problem of a broken file, a broken quote with the line where it opens, and yields no rows', () => {
    const { rows, problems } = parseRegistrationCsv(fixture('broken.csv'));
    expect(rows).toEqual([]);
    expect(problems).toEqual([
      { line: 3, column: 'victims', columnNumber: 5, problem: 'must be a whole number, zero or more' },
      { line: 5, column: 'victims', columnNumber: 5, problem: 'a quoted value opens here and is never closed' },
    ]);
    expect(problems.map(describeProblem)).toEqual([
      'line 3, column 5 (victims): must be a whole number, zero or more',
      'line 5, column 5 (victims): a quoted value opens here and is never closed',
    ]);
  });

  it('names the line and column of a stray quote and of text after a closing quote', () => {
    expect(parseRegistrationCsv(`${HEADER}\nNL,2010,Hungary,HU,56\nNL,2010,Hun"gary,HU,5`).problems).toEqual([
      {
        line: 3,
        column: 'nationality',
        columnNumber: 3,
        problem: 'a value has a double quote inside it; quote the whole value and write the quote twice ("")',
      },
    ]);
    expect(parseRegistrationCsv(`${HEADER}\nNL,2010,"Hungary" x,HU,5`).problems).toEqual([
      { line: 2, column: 'nationality', columnNumber: 3, problem: 'a quoted value has more text after its closing quote' },
    ]);
  });

  it('gives a header broken by a quote as the one problem, not as missing columns', () => {
    expect(parseRegistrationCsv('registration_country,"year,nationality,nationality_iso2,victims\nNL,2010,Hungary,HU,56').problems).toEqual(
      [{ line: 1, column: '', columnNumber: 2, problem: 'a quoted value opens here and is never closed' }],
    );
  });

  it('points at a value beyond the header, the sign of a delimiter inside an unquoted value', () => {
    const { problems } = parseRegistrationCsv(
      'registration_country;year;nationality;nationality_iso2;victims\nBE;2014;Korea; Republiek;KR;12',
    );
    expect(problems).toContainEqual({
      line: 2,
      column: '',
      columnNumber: 6,
      problem: 'has more values than the header has columns (5); quote a value that holds the delimiter',
    });
  });

  it('reports every problem with its line and column, and yields no rows', () => {
    const csv = [
      HEADER,
      'NL,2010,Hungary,HU,56',
      'XX,2010,Atlantis,ZZ,-3',
      'NL,twenty,Romania,RO,49',
      'NL,2010,"Hungary, again",HU,1',
    ].join('\n');
    const { rows, problems } = parseRegistrationCsv(csv);
    expect(rows).toEqual([]);
    expect(problems).toEqual([
      { line: 3, column: 'registration_country', columnNumber: 1, problem: 'is not an ISO 3166-1 alpha-2 country code' },
      { line: 3, column: 'nationality_iso2', columnNumber: 4, problem: 'is not an ISO 3166-1 alpha-2 country code' },
      { line: 3, column: 'victims', columnNumber: 5, problem: 'must be a whole number, zero or more' },
      { line: 4, column: 'year', columnNumber: 2, problem: 'must be a year between 1900 and 2100' },
      {
        line: 5,
        column: 'nationality_iso2',
        columnNumber: 4,
        problem: 'repeats the registration country, year and nationality of line 2',
      },
    ]);
  });

  it('names a missing column, in a header with a byte-order mark too', () => {
    const missing = ['registration_country', 'nationality', 'nationality_iso2', 'victims'].map((column) => ({
      line: 1,
      column,
      columnNumber: null,
      problem: `the header has no column ${column}`,
    }));
    expect(parseRegistrationCsv('country,year\nNL,2010').problems).toEqual(missing);
    expect(
      parseRegistrationCsv('\uFEFF"REGISTRATION_COUNTRY";year;nationality;nationality_iso2;victims\r\nNL;2010;Hungary;HU;56').problems,
    ).toEqual([]);
  });

  it('refuses a file with a header and no rows, or nothing at all', () => {
    expect(parseRegistrationCsv(`${HEADER}\n,,,,\n`).problems).toEqual([
      { line: 2, column: '', columnNumber: null, problem: 'the file has no rows' },
    ]);
    expect(parseRegistrationCsv('\uFEFF').problems).toEqual([
      { line: 1, column: 'registration_country', columnNumber: null, problem: 'the header has no column registration_country' },
      ...['year', 'nationality', 'nationality_iso2', 'victims'].map((column) => expect.objectContaining({ column })),
    ]);
  });
});

describe('headerDelimiter', () => {
  it('takes the delimiter the header line uses, whatever the rows hold', () => {
    expect(headerDelimiter(`${HEADER}\nNL,2010,Hungary,HU,56`)).toBe(',');
    expect(headerDelimiter('\n\nregistration_country;year;nationality;nationality_iso2;victims\nNL;2010;"Korea, Republic of";KR;1')).toBe(
      ';',
    );
  });
});
