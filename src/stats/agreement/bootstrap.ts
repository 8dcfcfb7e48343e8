import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { quantileSorted } from '../bootstrap.ts';
import type { Estimate } from './ratings.ts';

export interface Interval {
  low: number;
  high: number;
  /** Replicates on which the statistic was defined (the interval is taken over these). */
  replicates: number;
}

export type IntervalOrReason = Interval | { low: null; high: null; reason: string };

export interface CiOptions {
  seed?: number;
  replicates?: number;
  level?: number;
}

/**
 * Percentile bootstrap interval (Efron & Tibshirani 1993, ch. 13): the items (rows, with all their
 * ratings) are resampled with replacement, seeded, so a rerun gives the same interval. Replicates
 * where the statistic is undefined are left out and counted; if fewer than half are defined the
 * interval itself is undefined.
 */
export function bootstrapCi<Row>(rows: readonly Row[], statistic: (rows: Row[]) => Estimate, opts: CiOptions = {}): IntervalOrReason {
  const n = rows.length;
  if (n < 2) return { low: null, high: null, reason: 'fewer than two items to resample' };
  const replicates = opts.replicates ?? 1000;
  const rng = xoroshiro128plus(opts.seed ?? 0);
  const values: number[] = [];
  const sample = new Array<Row>(n);
  for (let b = 0; b < replicates; b++) {
    for (let i = 0; i < n; i++) sample[i] = rows[uniformInt(rng, 0, n - 1)];
    const est = statistic(sample);
    if (est.value !== null) values.push(est.value);
  }
  if (values.length < replicates / 2) return { low: null, high: null, reason: `statistic undefined on ${replicates - values.length} of ${replicates} resamples` };
  const sorted = Float64Array.from(values).sort();
  const alpha = 1 - (opts.level ?? 0.95);
  return { low: quantileSorted(sorted, alpha / 2), high: quantileSorted(sorted, 1 - alpha / 2), replicates: values.length };
}
