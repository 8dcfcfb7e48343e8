import { chiSquareSurvival } from './chi-square.ts';

/** Association between two categorical variables: Pearson's chi-square test of independence and Cramér's V. */
export interface Association {
  chiSquare: number;
  /** (levels of one − 1) × (levels of the other − 1), counting levels that occur. */
  df: number;
  /** P(χ²(df) ≥ chiSquare), no continuity correction (as scipy's chi2_contingency with correction=False); null without a degree of freedom. */
  pValue: number | null;
  cramersV: number | null;
  n: number;
  rows: number;
  cols: number;
}

/** A contingency table from paired observations (levels in first-seen order). */
export function contingency<A, B>(
  pairs: Iterable<readonly [A, B]>,
): { table: number[][]; rowLevels: A[]; colLevels: B[] } {
  const rowIndex = new Map<A, number>();
  const colIndex = new Map<B, number>();
  const cells: Array<[number, number]> = [];
  for (const [a, b] of pairs) {
    if (!rowIndex.has(a)) rowIndex.set(a, rowIndex.size);
    if (!colIndex.has(b)) colIndex.set(b, colIndex.size);
    cells.push([rowIndex.get(a)!, colIndex.get(b)!]);
  }
  const table = Array.from({ length: rowIndex.size }, () => new Array<number>(colIndex.size).fill(0));
  for (const [r, c] of cells) table[r][c]++;
  return { table, rowLevels: [...rowIndex.keys()], colLevels: [...colIndex.keys()] };
}

/** Cramér's V = sqrt(χ² / (n · (min(r, c) − 1))) with the chi-square test's p-value; both null when a variable has a single level. */
export function cramersV(table: readonly (readonly number[])[]): Association {
  const rowSums = table.map((row) => row.reduce((s, v) => s + v, 0));
  const colSums = (table[0] ?? []).map((_, j) => table.reduce((s, row) => s + row[j], 0));
  const n = rowSums.reduce((s, v) => s + v, 0);
  const rows = rowSums.filter((v) => v > 0).length;
  const cols = colSums.filter((v) => v > 0).length;
  let chiSquare = 0;
  table.forEach((row, i) =>
    row.forEach((observed, j) => {
      const expected = (rowSums[i] * colSums[j]) / n;
      if (expected > 0) chiSquare += (observed - expected) ** 2 / expected;
    }),
  );
  const k = Math.min(rows, cols) - 1;
  const df = (rows - 1) * (cols - 1);
  const defined = k > 0 && n > 0;
  return {
    chiSquare,
    df,
    pValue: defined ? chiSquareSurvival(chiSquare, df) : null,
    cramersV: defined ? Math.sqrt(chiSquare / (n * k)) : null,
    n,
    rows,
    cols,
  };
}
