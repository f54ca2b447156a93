import { isISO31661Alpha2 } from 'class-validator';

export interface RegistrationFigureRow {
  registrationCountry: string;
  year: number;
  nationality: string;
  nationalityName: string;
  victims: number;
}

export interface ImportProblem {
  line: number;
  column: string;
  problem: string;
}

export const REGISTRATION_COLUMNS = ['registration_country', 'year', 'nationality', 'nationality_iso2', 'victims'];

/** RFC 4180 fields of one line: commas separate, double quotes enclose, "" is a quote. */
function fields(line: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted && char === '"' && line[i + 1] === '"') {
      current += '"';
      i++;
    } else if (char === '"') {
      quoted = !quoted;
    } else if (char === ',' && !quoted) {
      out.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  out.push(current);
  return out.map((field) => field.trim());
}

/**
 * Reads a file of registered presumed victims by registration country, year
 * and nationality. Every problem is reported with its line and column; a file
 * with any problem yields no rows, so an import is all or nothing.
 */
export function parseRegistrationCsv(text: string): { rows: RegistrationFigureRow[]; problems: ImportProblem[] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const problems: ImportProblem[] = [];
  const header = fields(lines[0] ?? '').map((h) => h.toLowerCase());
  const missing = REGISTRATION_COLUMNS.filter((column) => !header.includes(column));
  if (missing.length > 0) {
    return { rows: [], problems: missing.map((column) => ({ line: 1, column, problem: `the header has no column ${column}` })) };
  }
  const at = (values: string[], column: string) => values[header.indexOf(column)] ?? '';
  const rows: RegistrationFigureRow[] = [];
  const seen = new Map<string, number>();
  lines.slice(1).forEach((raw, i) => {
    const line = i + 2;
    if (raw.trim() === '') return;
    const values = fields(raw);
    const problem = (column: string, text: string) => problems.push({ line, column, problem: text });
    const registrationCountry = at(values, 'registration_country').toUpperCase();
    const nationality = at(values, 'nationality_iso2').toUpperCase();
    const year = Number(at(values, 'year'));
    const victims = Number(at(values, 'victims'));
    if (!isISO31661Alpha2(registrationCountry)) problem('registration_country', 'is not an ISO 3166-1 alpha-2 country code');
    if (!isISO31661Alpha2(nationality)) problem('nationality_iso2', 'is not an ISO 3166-1 alpha-2 country code');
    if (!Number.isInteger(year) || year < 1900 || year > 2100) problem('year', 'must be a year between 1900 and 2100');
    if (!/^\d+$/.test(at(values, 'victims'))) problem('victims', 'must be a whole number, zero or more');
    if (at(values, 'nationality') === '') problem('nationality', 'is empty');
    const key = `${registrationCountry}|${year}|${nationality}`;
    const first = seen.get(key);
    if (first) problem('nationality_iso2', `repeats the registration country, year and nationality of line ${first}`);
    else seen.set(key, line);
    rows.push({ registrationCountry, year, nationality, nationalityName: at(values, 'nationality').slice(0, 100), victims });
  });
  if (rows.length === 0 && problems.length === 0) problems.push({ line: 2, column: '', problem: 'the file has no rows' });
  return problems.length > 0 ? { rows: [], problems } : { rows, problems };
}
