import { csvCell } from '../../common/csv-cell.js';

/** A CSV file (RFC 4180): CRLF line ends, and a byte-order mark so that spreadsheet programs read UTF-8 names right. */
export function toCsv<T extends object>(columns: (keyof T & string)[], rows: T[]): string {
  const lines = [columns.map(csvCell).join(','), ...rows.map((row) => columns.map((column) => csvCell(row[column])).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
