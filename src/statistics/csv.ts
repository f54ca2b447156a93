import { csvCell } from '../common/csv-cell.js';

/** A table as CSV text (RFC 4180 fields, one line a row) in an answer, for people who work in spreadsheets. */
export function toCsv(header: string[], rows: (string | number | null)[][]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
}

/** A suppressed value is written as "<threshold", as published statistics do. */
export const shown = (cell: { value: number | null; suppressed: boolean }, threshold: number) =>
  cell.suppressed ? `<${threshold}` : cell.value;
