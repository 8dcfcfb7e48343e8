import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { quantileSorted } from '../bootstrap.ts';
import type { Kernel } from './kernels.ts';
import type { Estimate } from './ratings.ts';

export interface Interval {
  low: number;
  high: number;
  /** Replicates on which the statistic was defined (the interval is taken over these). */
  replicates: number;
}

/** No interval, why, and on how many replicates the statistic was defined (0 when none was drawn). */
export type IntervalOrReason = Interval | { low: null; high: null; reason: string; replicates: number };

export interface CiOptions {
  seed?: number;
  /** Resamples; 0 = point estimates only (every interval null, with that reason). */
  replicates?: number;
  level?: number;
}

export const NO_BOOTSTRAP = 'no bootstrap: 0 replicates (point estimates only)';

/** A whole number ≥ 0, else a RangeError: a fractional or negative count is a caller's bug, never NaN bounds. */
export function checkedReplicates(replicates: number | undefined): number {
  const r = replicates ?? 1000;
  if (!Number.isInteger(r) || r < 0)
    throw new RangeError(`replicates must be a whole number ≥ 0 (0 = point estimates only), not ${r}`);
  return r;
}

/**
 * The percentile interval over the replicates where the statistic was defined. If fewer than half
 * are defined the interval itself is undefined: the defined ones would be a biased selection.
 */
function percentileInterval(
  values: Float64Array,
  defined: number,
  replicates: number,
  level: number,
  firstReason: string | undefined,
): IntervalOrReason {
  if (defined < replicates / 2) {
    const why = firstReason ? ` (e.g. ${firstReason})` : '';
    return {
      low: null,
      high: null,
      reason: `statistic undefined on ${replicates - defined} of ${replicates} resamples${why}`,
      replicates: defined,
    };
  }
  const sorted = values.slice(0, defined).sort();
  const alpha = 1 - level;
  return { low: quantileSorted(sorted, alpha / 2), high: quantileSorted(sorted, 1 - alpha / 2), replicates: defined };
}

function tooFew(n: number, replicates: number): IntervalOrReason | null {
  if (replicates === 0) return { low: null, high: null, reason: NO_BOOTSTRAP, replicates: 0 };
  if (n < 2) return { low: null, high: null, reason: 'fewer than two items to resample', replicates: 0 };
  return null;
}

/**
 * Percentile bootstrap interval (Efron & Tibshirani 1993, ch. 13): the items (rows, with all their
 * ratings) are resampled with replacement, seeded, so a rerun gives the same interval. Replicates
 * where the statistic is undefined are left out and counted. This generic form recomputes the
 * statistic on copied rows; `bootstrapKernels` draws the very same resamples far faster.
 */
export function bootstrapCi<Row>(
  rows: readonly Row[],
  statistic: (rows: Row[]) => Estimate,
  opts: CiOptions = {},
): IntervalOrReason {
  const n = rows.length;
  const replicates = checkedReplicates(opts.replicates);
  const early = tooFew(n, replicates);
  if (early) return early;
  const rng = xoroshiro128plus(opts.seed ?? 0);
  const values = new Float64Array(replicates);
  let defined = 0;
  let firstReason: string | undefined;
  const sample = new Array<Row>(n);
  for (let b = 0; b < replicates; b++) {
    for (let i = 0; i < n; i++) sample[i] = rows[uniformInt(rng, 0, n - 1)];
    const est = statistic(sample);
    if (est.value !== null) values[defined++] = est.value;
    else firstReason ??= est.reason;
  }
  return percentileInterval(values, defined, replicates, opts.level ?? 0.95, firstReason);
}

/**
 * Several statistics bootstrapped on shared resamples, drawn exactly as `bootstrapCi` draws them
 * (same seed, same generator, same order), so each interval equals `bootstrapCi`'s up to rounding.
 * A resample is counted into pattern multiplicities (O(items)), and each statistic is a weighted
 * sum over the patterns (O(patterns)), instead of copying rows and rebuilding tables.
 */
export function bootstrapKernels<K extends string>(
  patternOf: Int32Array,
  patterns: number,
  kernels: Partial<Record<K, Kernel>>,
  opts: CiOptions = {},
): Partial<Record<K, IntervalOrReason>> {
  const n = patternOf.length;
  const replicates = checkedReplicates(opts.replicates);
  const entries = Object.entries(kernels).filter((e): e is [K, Kernel] => typeof e[1] === 'function');
  const names = entries.map(([name]) => name);
  const early = tooFew(n, replicates);
  if (early) return Object.fromEntries(names.map((k) => [k, early])) as Partial<Record<K, IntervalOrReason>>;
  const rng = xoroshiro128plus(opts.seed ?? 0);
  const mult = new Float64Array(patterns);
  const values = names.map(() => new Float64Array(replicates));
  const defined = names.map(() => 0);
  const firstReason: Array<string | undefined> = names.map(() => undefined);
  for (let b = 0; b < replicates; b++) {
    mult.fill(0);
    for (let i = 0; i < n; i++) mult[patternOf[uniformInt(rng, 0, n - 1)]]++;
    entries.forEach(([, kernel], s) => {
      const est = kernel(mult);
      if (est.value !== null) values[s][defined[s]++] = est.value;
      else firstReason[s] ??= est.reason;
    });
  }
  const level = opts.level ?? 0.95;
  return Object.fromEntries(
    names.map((name, s) => [name, percentileInterval(values[s], defined[s], replicates, level, firstReason[s])]),
  ) as Partial<Record<K, IntervalOrReason>>;
}
