/**
 * RFC 4180 CSV: every field quoted where it must be, CRLF line ends, a byte-order mark so that spreadsheet programs
 * read UTF-8 names right. A cell that a spreadsheet would take for a formula (=, +, -, @, tab, carriage return) is
 * prefixed with an apostrophe (OWASP's advice against CSV injection): the export holds text that people typed.
 */
export function toCsv<T extends object>(columns: (keyof T & string)[], rows: T[]): string {
  const lines = [columns.map(cell).join(','), ...rows.map((row) => columns.map((column) => cell(row[column])).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  // Multi-select picklists: HTCDS's own spreadsheets separate the values with semicolons.
  let text = Array.isArray(value) ? value.join(';') : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
