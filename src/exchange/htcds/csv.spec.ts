import { parse } from 'csv-parse/sync';
import { toCsv } from './csv.js';

describe('toCsv', () => {
  it('quotes what must be quoted, joins lists with semicolons and leaves nulls empty, so a CSV parser reads it back', () => {
    const rows = [{ name: 'Kovács, "Szilvia"\nline two', types: ['ForcedLabour', 'Other'], note: null, ok: true }];
    const csv = toCsv(['name', 'types', 'note', 'ok'], rows);
    expect(csv.startsWith('\uFEFFname,types,note,ok\r\n')).toBe(true);
    expect(parse(csv, { bom: true, columns: true })).toEqual([
      { name: 'Kovács, "Szilvia"\nline two', types: 'ForcedLabour;Other', note: '', ok: 'true' },
    ]);
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    const cells = ['=1+1', '+1', '-1', '@SUM(A1)', '\tx'].map((text) => ({ text }));
    const parsed: { text: string }[] = parse(toCsv(['text'], cells), { bom: true, columns: true, relax_quotes: true });
    expect(parsed.map((row) => row.text)).toEqual(["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx"]);
  });
});
