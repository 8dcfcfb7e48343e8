import {
  categoryTable,
  categoryValues,
  defined,
  undefinedBecause,
  type Estimate,
  type Rating,
  type RatingsMatrix,
} from './ratings.ts';

export type Scale = 'nominal' | 'ordinal' | 'interval';

/**
 * Krippendorff's alpha (Krippendorff, K. 2011, "Computing Krippendorff's Alpha-Reliability",
 * Annenberg School, §C–E). From the coincidence matrix over units with m_u ≥ 2 values,
 *   o_ck = Σ_u (number of c–k pairs of values in u) / (m_u − 1),  n_c = Σ_k o_ck,  n = Σ_c n_c,
 *   α = 1 − (n − 1) Σ_ck o_ck δ²_ck / Σ_ck n_c n_k δ²_ck,
 * with δ²_ck = [c ≠ k] (nominal), (Σ_{g=c..k} n_g − (n_c + n_k)/2)² (ordinal, on the ordered
 * categories), (c − k)² (interval, on the values, or ranks for text categories). Units with a
 * single value are not pairable and drop out, which is how the method treats missing data.
 * There is no default scale: the caller must choose it.
 */
export function krippendorffAlpha(matrix: RatingsMatrix, scale: Scale, categories?: readonly Rating[]): Estimate {
  const table = categoryTable(matrix, categories);
  const q = table.categories.length;
  const o = Array.from({ length: q }, () => new Array<number>(q).fill(0));
  table.counts.forEach((r, i) => {
    const mu = table.raters[i];
    if (mu < 2) return;
    for (let c = 0; c < q; c++) for (let k = 0; k < q; k++) o[c][k] += (r[c] * (c === k ? r[k] - 1 : r[k])) / (mu - 1);
  });
  return alphaFromCoincidences(o, scale, categoryValues(table.categories));
}

/** Alpha from the coincidence matrix o_ck; shared with the bootstrap's per-resample sums. */
export function alphaFromCoincidences(o: number[][], scale: Scale, values: number[]): Estimate {
  const q = o.length;
  const nc = o.map((row) => row.reduce((a, b) => a + b, 0));
  const n = nc.reduce((a, b) => a + b, 0);
  if (n === 0) return undefinedBecause('no unit has two or more values');
  const delta = distance(scale, values, nc);
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < q; c++) {
    for (let k = 0; k < q; k++) {
      observed += o[c][k] * delta(c, k);
      expected += nc[c] * nc[k] * delta(c, k);
    }
  }
  if (expected === 0) return undefinedBecause('all pairable values are identical, so expected disagreement is 0');
  return defined(1 - ((n - 1) * observed) / expected);
}

function distance(scale: Scale, values: number[], nc: number[]): (c: number, k: number) => number {
  if (scale === 'nominal') return (c, k) => (c === k ? 0 : 1);
  if (scale === 'interval') return (c, k) => (values[c] - values[k]) ** 2;
  return (c, k) => {
    const [lo, hi] = c < k ? [c, k] : [k, c];
    let s = 0;
    for (let g = lo; g <= hi; g++) s += nc[g];
    return (s - (nc[c] + nc[k]) / 2) ** 2;
  };
}
