/** The key of a dimension that a row totals over ("all values"). */
export const ALL = '*';

export interface Cell {
  keys: string[];
  value: number;
}

/**
 * Which cells of a table with its totals must be withheld. A table holds every
 * combination of the grouping dimensions, and for each dimension its totals
 * (keys with ALL). A cell below the threshold is suppressed (primary); then,
 * wherever a total and the cells it adds up leave exactly one suppressed
 * member, the smallest other member is suppressed too (complementary), until
 * no suppressed value can be recovered by subtraction from what is shown.
 * Zero is shown: it identifies no one.
 */
export function suppressedCells(cells: Cell[], threshold: number): Set<number> {
  const suppressed = new Set<number>();
  cells.forEach((cell, i) => {
    if (cell.value > 0 && cell.value < threshold) suppressed.add(i);
  });
  const relations = additiveRelations(cells);
  let changed = true;
  while (changed) {
    changed = false;
    for (const members of relations) {
      const hidden = members.filter((i) => suppressed.has(i));
      if (hidden.length !== 1) continue;
      const candidates = members.filter((i) => !suppressed.has(i) && cells[i].value > 0);
      if (candidates.length === 0) continue;
      const smallest = candidates.reduce((a, b) => (cells[b].value < cells[a].value ? b : a));
      suppressed.add(smallest);
      changed = true;
    }
  }
  return suppressed;
}

/** Each total with the cells that add up to it: [total, ...parts], as indexes into `cells`. */
export function additiveRelations(cells: Cell[]): number[][] {
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
