/**
 * One CSV field (RFC 4180) for people who open it in a spreadsheet: quoted where it must be. Text that a spreadsheet
 * would run as a formula (=, +, -, @, tab, carriage return) gets an apostrophe first (OWASP's advice against CSV
 * injection), since exports hold text that people typed; numbers are written as they are. A list is one field with
 * its values separated by semicolons, as HTCDS's own spreadsheets write multi-select picklists.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = Array.isArray(value) ? value.join(';') : String(value);
  if (typeof value !== 'number' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
