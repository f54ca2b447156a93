import { isISO31661Alpha2 } from 'class-validator';
import { CsvError, parse } from 'csv-parse/sync';
import { BadUserInputError } from '../common/errors.js';

export interface RegistrationFigureRow {
  registrationCountry: string;
  year: number;
  nationality: string;
  nationalityName: string;
  victims: number;
}

/** Where a file is wrong: its line, the column's header name ('' where it has none) and 1-based number, and what. */
export interface ImportProblem {
  line: number;
  column: string;
  columnNumber: number | null;
  problem: string;
}

export const REGISTRATION_COLUMNS = ['registration_country', 'year', 'nationality', 'nationality_iso2', 'victims'];

/** "line 3, column 4 (nationality_iso2): is not …", as a person with the file open in a spreadsheet looks it up. */
export function describeProblem({ line, column, columnNumber, problem }: ImportProblem): string {
  const where = columnNumber === null ? '' : `, column ${columnNumber}${column ? ` (${column})` : ''}`;
  return `line ${line}${where}: ${problem}`;
}

/**
 * A file refused whole. Clients get the problems as `extensions.problems` like every input error (the path is the
 * `csv` argument; the message names line and column), with `line` and `column` beside them for a spreadsheet;
 * the command line prints `described`, one problem a line.
 */
export class RegistrationFileRefused extends BadUserInputError {
  readonly described: string[];

  constructor(problems: ImportProblem[]) {
    const described = problems.map(describeProblem);
    const listed = described.slice(0, 20).join('; ');
    super(
      `The file was not imported: ${listed}${problems.length > 20 ? '; …' : ''}.`,
      problems.map((problem, index) => ({
        path: ['input', 'csv'],
        message: described[index],
        constraint: 'registrationFile',
        line: problem.line,
        column: problem.column,
      })),
    );
    this.described = described;
  }
}

/**
 * The delimiter of the header line: spreadsheets in Dutch (and most continental) locales export with `;`
 * because `,` is their decimal separator; everyone else writes `,`. The header has neither inside its names.
 */
export function headerDelimiter(text: string): ',' | ';' {
  const header = /^.*\S.*$/m.exec(text)?.[0] ?? '';
  const count = (delimiter: string) => header.split(delimiter).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

interface CsvRecord {
  line: number;
  values: string[];
}

const STRUCTURE_PROBLEMS: Partial<Record<string, string>> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted value opens here and is never closed',
  INVALID_OPENING_QUOTE: 'a value has a double quote inside it; quote the whole value and write the quote twice ("")',
  CSV_INVALID_CLOSING_QUOTE: 'a quoted value has more text after its closing quote',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'a quoted value has more text after its closing quote',
};

/**
 * The records of a CSV document with the line each starts on, or the first place its structure breaks (after a
 * broken quote nothing further can be told apart reliably). Any line ending is read; quoted values may hold
 * delimiters, line breaks and doubled quotes (RFC 4180); rows with only empty values are skipped, as spreadsheets
 * export them.
 */
function readRecords(text: string): { records: CsvRecord[]; broken: { line: number; field: number | null; problem: string } | null } {
  const records: CsvRecord[] = [];
  let lastLine = 0;
  try {
    parse(text, {
      delimiter: headerDelimiter(text),
      record_delimiter: '\n',
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      relax_column_count: true,
      trim: true,
      on_record: (values: string[], { lines }) => {
        // `lines` is where the record ends; line breaks inside its quoted values put its start above.
        records.push({ line: lines - values.reduce((breaks, value) => breaks + value.split('\n').length - 1, 0), values });
        lastLine = lines;
        return null;
      },
    });
    return { records, broken: null };
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const field = typeof error.column === 'number' ? error.column : null;
    const problem = STRUCTURE_PROBLEMS[error.code] ?? error.message;
    // An unclosed quote is found at the end of the file; the person needs the line where it was opened.
    const line = error.code === 'CSV_QUOTE_NOT_CLOSED' ? firstFilledLineAfter(text, lastLine) : Number(error.lines);
    return { records, broken: { line, field, problem } };
  }
}

/** The 1-based number of the first line after `line` that holds more than blanks. */
function firstFilledLineAfter(text: string, line: number): number {
  const lines = text.split('\n');
  while (line < lines.length - 1 && lines[line].trim() === '') line++;
  return line + 1;
}

/**
 * Reads a file of registered presumed victims by registration country, year and nationality, comma- or
 * semicolon-separated, with or without a byte-order mark. Every problem is reported with its line and column; a
 * file with any problem yields no rows, so an import is all or nothing.
 */
export function parseRegistrationCsv(text: string): { rows: RegistrationFigureRow[]; problems: ImportProblem[] } {
  const { records, broken } = readRecords(text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'));
  const header = (records[0]?.values ?? []).map((name) => name.toLowerCase());
  const problems: ImportProblem[] = [];
  const columnOf = (index: number | null) => ({
    column: index === null ? '' : (header[index] ?? ''),
    columnNumber: index === null ? null : index + 1,
  });
  const missing = REGISTRATION_COLUMNS.filter((column) => !header.includes(column));
  // A header broken by a quote has no names to miss: its break is the one problem.
  if (missing.length > 0 && (records.length > 0 || !broken)) {
    problems.push(
      ...missing.map((column) => ({
        line: records[0]?.line ?? 1,
        column,
        columnNumber: null,
        problem: `the header has no column ${column}`,
      })),
    );
  } else if (missing.length === 0) {
    const firstLineOf = new Map<string, number>();
    const rows = records.slice(1).map((record) => checkedRow(record, header, firstLineOf, problems));
    if (!broken && rows.length === 0)
      problems.push({ line: (records[0]?.line ?? 0) + 1, column: '', columnNumber: null, problem: 'the file has no rows' });
    if (!broken && problems.length === 0) return { rows, problems };
  }
  if (broken) problems.push({ line: broken.line, ...columnOf(broken.field), problem: broken.problem });
  return { rows: [], problems };
}

function checkedRow(
  { line, values }: CsvRecord,
  header: string[],
  firstLineOf: Map<string, number>,
  problems: ImportProblem[],
): RegistrationFigureRow {
  const at = (column: string) => values[header.indexOf(column)] ?? '';
  const problem = (column: string, text: string) =>
    problems.push({ line, column, columnNumber: header.indexOf(column) + 1, problem: text });
  const registrationCountry = at('registration_country').toUpperCase();
  const nationality = at('nationality_iso2').toUpperCase();
  const year = Number(at('year'));
  if (!isISO31661Alpha2(registrationCountry)) problem('registration_country', 'is not an ISO 3166-1 alpha-2 country code');
  if (!isISO31661Alpha2(nationality)) problem('nationality_iso2', 'is not an ISO 3166-1 alpha-2 country code');
  if (!/^\d{4}$/.test(at('year')) || year < 1900 || year > 2100) problem('year', 'must be a year between 1900 and 2100');
  if (!/^\d+$/.test(at('victims'))) problem('victims', 'must be a whole number, zero or more');
  if (at('nationality') === '') problem('nationality', 'is empty');
  const key = `${registrationCountry}|${year}|${nationality}`;
  const first = firstLineOf.get(key);
  if (first) problem('nationality_iso2', `repeats the registration country, year and nationality of line ${first}`);
  else firstLineOf.set(key, line);
  const extra = values.findIndex((value, index) => index >= header.length && value !== '');
  if (extra >= 0) {
    problems.push({
      line,
      column: '',
      columnNumber: extra + 1,
      problem: `has more values than the header has columns (${header.length}); quote a value that holds the delimiter`,
    });
  }
  return {
    registrationCountry,
    year,
    nationality,
    // A line break inside a spreadsheet cell is layout, not part of the name.
    nationalityName: at('nationality').replace(/\s+/g, ' ').slice(0, 100),
    victims: Number(at('victims')),
  };
}
