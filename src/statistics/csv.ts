const quote = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** A CSV document (RFC 4180) for people who work in spreadsheets. */
export function toCsv(header: string[], rows: (string | number | null)[][]): string {
  return [header, ...rows].map((row) => row.map((value) => quote(value === null ? '' : String(value))).join(',')).join('\n') + '\n';
}

/** A suppressed value is written as "<threshold", as published statistics do. */
export const shown = (cell: { value: number | null; suppressed: boolean }, threshold: number) =>
  cell.suppressed ? `<${threshold}` : cell.value;
