import type { Rating, RatingsMatrix } from './ratings.ts';

/**
 * A ratings table reduced once to its distinct rows ("patterns"): every statistic here is a sum
 * over items of something that depends only on the item's row, so items with the same row count
 * the same. A bootstrap resample is then just a vector of pattern multiplicities, and each
 * replicate costs O(patterns) instead of rebuilding category tables from copied rows.
 */
export interface PatternTable {
  categories: readonly Rating[];
  /** Number of categories q. */
  q: number;
  /** Raters per row (the matrix's width). */
  width: number;
  /** Number of distinct rows. */
  size: number;
  /** The pattern of each row of the matrix, in row order. */
  patternOf: Int32Array;
  /** size × width: each pattern's category index per rater, −1 where missing. */
  cells: Int32Array;
  /** size × q: raters who put the pattern in category k (r_ik of Gwet 2014). */
  counts: Float64Array;
  /** Ratings per pattern (r_i). */
  raters: Float64Array;
}

export function patternTable(matrix: RatingsMatrix, categories: readonly Rating[]): PatternTable {
  const q = categories.length;
  const width = matrix.reduce((m, row) => Math.max(m, row.length), 0);
  const index = new Map(categories.map((c, k) => [c, k]));
  const seen = new Map<string, number>();
  const rowsOfPattern: Int32Array[] = [];
  const patternOf = new Int32Array(matrix.length);
  matrix.forEach((row, i) => {
    const cells = new Int32Array(width).fill(-1);
    for (let j = 0; j < row.length; j++) {
      const v = row[j];
      if (v === null || v === undefined) continue;
      const k = index.get(v);
      if (k === undefined)
        throw new RangeError(`rating ${JSON.stringify(v)} is not one of the categories ${JSON.stringify(categories)}`);
      cells[j] = k;
    }
    const key = cells.join(',');
    let p = seen.get(key);
    if (p === undefined) {
      p = rowsOfPattern.length;
      seen.set(key, p);
      rowsOfPattern.push(cells);
    }
    patternOf[i] = p;
  });
  const size = rowsOfPattern.length;
  const cells = new Int32Array(size * width);
  const counts = new Float64Array(size * q);
  const raters = new Float64Array(size);
  rowsOfPattern.forEach((row, p) => {
    cells.set(row, p * width);
    for (const k of row) {
      if (k < 0) continue;
      counts[p * q + k]++;
      raters[p]++;
    }
  });
  return { categories, q, width, size, patternOf, cells, counts, raters };
}
