/**
 * The common input of every agreement statistic: a ratings matrix, items × raters, `null` where a
 * rater did not rate an item. Categories are the values raters may give; when not given they are
 * the distinct values present (irrCAC's default), sorted numerically when all are numbers.
 */
export type Rating = string | number;
export type RatingsMatrix = ReadonlyArray<ReadonlyArray<Rating | null>>;

/** A coefficient, or `null` with the reason it is undefined for these data (never a fake 0 or NaN). */
export type Estimate = { value: number; reason?: undefined } | { value: null; reason: string };

export function defined(value: number): Estimate {
  return { value };
}

export function undefinedBecause(reason: string): Estimate {
  return { value: null, reason };
}

export interface CategoryTable {
  categories: Rating[];
  /** counts[i][k]: raters who put item i in category k (the r_ik of Gwet 2014); items nobody rated are dropped. */
  counts: number[][];
  /** raters per item (r_i). */
  raters: number[];
}

export function categoriesOf(matrix: RatingsMatrix, given?: readonly Rating[]): Rating[] {
  if (given) return [...given];
  const seen = new Set<Rating>();
  for (const row of matrix) for (const v of row) if (v !== null) seen.add(v);
  const values = [...seen];
  if (values.every((v) => typeof v === 'number')) return (values as number[]).sort((a, b) => a - b);
  return values.map(String).sort();
}

export function categoryTable(matrix: RatingsMatrix, given?: readonly Rating[]): CategoryTable {
  const categories = categoriesOf(matrix, given);
  const index = new Map(categories.map((c, k) => [c, k]));
  const counts: number[][] = [];
  for (const row of matrix) {
    const r = new Array<number>(categories.length).fill(0);
    for (const v of row) {
      if (v === null) continue;
      const k = index.get(v);
      if (k === undefined)
        throw new RangeError(`rating ${JSON.stringify(v)} is not one of the categories ${JSON.stringify(categories)}`);
      r[k]++;
    }
    if (r.some((x) => x > 0)) counts.push(r);
  }
  return { categories, counts, raters: counts.map((r) => r.reduce((a, b) => a + b, 0)) };
}

/** Numeric value of each category for distance-based weights: the value itself, else its rank (irrCAC). */
export function categoryValues(categories: readonly Rating[]): number[] {
  if (categories.every((c) => typeof c === 'number')) return categories as number[];
  return categories.map((_, k) => k + 1);
}

export function nRaters(matrix: RatingsMatrix): number {
  return matrix.reduce((m, row) => Math.max(m, row.length), 0);
}
