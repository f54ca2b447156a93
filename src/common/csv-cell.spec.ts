import { csvCell } from './csv-cell.js';

describe('csvCell', () => {
  it('defuses text that a spreadsheet would run as a formula, and leaves numbers as numbers', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell('<11')).toBe('<11');
  });

  it('quotes what would break the row, writes nothing for no value, and joins a list with semicolons', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(['LABOUR', 'SEXUAL'])).toBe('LABOUR;SEXUAL');
  });
});
