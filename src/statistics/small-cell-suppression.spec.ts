import fc from 'fast-check';
import { additiveRelations, ALL, Cell, suppressedCells } from './small-cell-suppression.js';

/** The relations by their definition: each total scans every cell for its parts, along each dimension it totals over. */
function relationsByDefinition(cells: Cell[]): number[][] {
  const relations: number[][] = [];
  cells.forEach((total, t) => {
    total.keys.forEach((key, d) => {
      if (key !== ALL) return;
      const parts = cells
        .map((cell, i) => ({ cell, i }))
        .filter(({ cell }) => cell.keys[d] !== ALL && cell.keys.every((k, j) => j === d || k === total.keys[j]))
        .map(({ i }) => i);
      if (parts.length > 0) relations.push([t, ...parts]);
    });
  });
  return relations;
}

/** A recovery attempt: any total whose members leave exactly one value hidden gives that value away. */
function recoverable(cells: Cell[], suppressed: Set<number>): number[] {
  return additiveRelations(cells)
    .filter((members) => members.filter((i) => suppressed.has(i)).length === 1)
    .map((members) => members.find((i) => suppressed.has(i))!);
}

const oneWay = (values: Record<string, number>): Cell[] => [
  ...Object.entries(values).map(([key, value]) => ({ keys: [key], value })),
  { keys: [ALL], value: Object.values(values).reduce((a, b) => a + b, 0) },
];

describe('small-cell suppression', () => {
  it('shows every cell at or above the threshold, and zeros', () => {
    expect(suppressedCells(oneWay({ HU: 40, RO: 11, BG: 0 }), 11)).toEqual(new Set());
  });

  it('hides a small cell and one more, so the total does not give it away', () => {
    const cells = oneWay({ HU: 40, RO: 3, BG: 25, NG: 60 });
    const suppressed = suppressedCells(cells, 11);
    expect([...suppressed].map((i) => cells[i].keys[0]).sort()).toEqual(['BG', 'RO']);
    expect(recoverable(cells, suppressed)).toEqual([]);
  });

  it('hides the total when it is itself small', () => {
    const cells = oneWay({ HU: 4, RO: 3 });
    const suppressed = suppressedCells(cells, 11);
    expect(suppressed.size).toBe(3);
  });

  it('protects a two-way table with its row and column totals', () => {
    const table: Record<string, Record<string, number>> = {
      NL: { HU: 30, RO: 2, BG: 20 },
      BE: { HU: 15, RO: 25, BG: 12 },
      DE: { HU: 14, RO: 13, BG: 40 },
    };
    const cells: Cell[] = [];
    for (const [from, row] of Object.entries(table)) {
      for (const [to, value] of Object.entries(row)) cells.push({ keys: [from, to], value });
      cells.push({ keys: [from, ALL], value: Object.values(row).reduce((a, b) => a + b, 0) });
    }
    for (const to of ['HU', 'RO', 'BG'])
      cells.push({ keys: [ALL, to], value: Object.values(table).reduce((sum, row) => sum + row[to], 0) });
    cells.push({ keys: [ALL, ALL], value: cells.filter((c) => c.keys[0] !== ALL && c.keys[1] !== ALL).reduce((a, c) => a + c.value, 0) });

    const suppressed = suppressedCells(cells, 11);
    expect(suppressed.has(cells.findIndex((c) => c.keys.join() === 'NL,RO'))).toBe(true);
    expect(suppressed.size).toBeGreaterThanOrEqual(4);
    expect(recoverable(cells, suppressed)).toEqual([]);
  });

  it('uses a higher threshold when configured', () => {
    const cells = oneWay({ HU: 12, RO: 30 });
    const suppressed = suppressedCells(cells, 20);
    expect([...suppressed].map((i) => cells[i].keys[0]).sort()).toEqual(['HU', 'RO']);
    expect(recoverable(cells, suppressed)).toEqual([]);
  });

  it('finds the same relations as their definition, in the same order, for any table', () => {
    const table = fc.integer({ min: 1, max: 3 }).chain((dimensions) =>
      fc.array(
        fc.record({
          keys: fc.array(fc.constantFrom(ALL, 'HU', 'RO', 'NL'), { minLength: dimensions, maxLength: dimensions }),
          value: fc.nat(40),
        }),
        { maxLength: 60 },
      ),
    );
    fc.assert(
      fc.property(table, (cells) => {
        expect(additiveRelations(cells)).toEqual(relationsByDefinition(cells));
      }),
      { numRuns: 500 },
    );
  });
});
