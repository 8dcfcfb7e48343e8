import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/** Seeded paired bootstrap of a mean difference (the paper's English–Chinese test). */
export interface BootstrapResult {
  /** Observed mean of (a − b) over the pairs. */
  difference: number;
  /** Two-sided p-value for "no difference": twice the smaller tail of the resampled differences around 0. */
  pValue: number;
  ciLow: number;
  ciHigh: number;
  resamples: number;
  n: number;
}

export interface BootstrapOptions {
  resamples?: number;
  seed?: number;
  /** Confidence level of the percentile interval. */
  level?: number;
}

/** Percentile of sorted values, linear interpolation between order statistics (type 7). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * Resamples the pairs (statements) with replacement, keeping each statement's two values
 * together, so the test respects that both languages answered the same statements.
 */
export function pairedBootstrap(
  a: readonly number[],
  b: readonly number[],
  opts: BootstrapOptions = {},
): BootstrapResult | null {
  if (a.length !== b.length) throw new Error(`paired bootstrap needs equal lengths (${a.length} vs ${b.length})`);
  const n = a.length;
  if (n === 0) return null;
  const resamples = opts.resamples ?? 10_000;
  const level = opts.level ?? 0.95;
  const diffs = a.map((v, i) => v - b[i]);
  const difference = diffs.reduce((s, v) => s + v, 0) / n;
  const stats = resampledMeans(diffs, resamples, opts.seed ?? 0);
  let atOrBelow = 0;
  let atOrAbove = 0;
  for (const s of stats) {
    if (s <= 0) atOrBelow++;
    if (s >= 0) atOrAbove++;
  }
  const pValue = Math.min(1, (2 * Math.min(atOrBelow, atOrAbove) + 1) / (resamples + 1));
  const alpha = 1 - level;
  return {
    difference,
    pValue,
    ciLow: quantileSorted(stats, alpha / 2),
    ciHigh: quantileSorted(stats, 1 - alpha / 2),
    resamples,
    n,
  };
}

/**
 * Seeded percentile bootstrap interval of a mean (resampling the values with replacement); null
 * with fewer than two values, where there is nothing to resample.
 */
export function meanInterval(values: readonly number[], opts: BootstrapOptions = {}): [number, number] | null {
  const n = values.length;
  if (n < 2) return null;
  const resamples = opts.resamples ?? 10_000;
  const means = resampledMeans(values, resamples, opts.seed ?? 0);
  const alpha = 1 - (opts.level ?? 0.95);
  return [quantileSorted(means, alpha / 2), quantileSorted(means, 1 - alpha / 2)];
}

/**
 * The sorted means of `resamples` seeded resamples (with replacement) of the values: the one
 * resampling loop of both bootstraps above.
 */
export function resampledMeans(values: readonly number[], resamples: number, seed: number): Float64Array {
  const n = values.length;
  const data = Float64Array.from(values);
  const rng = xoroshiro128plus(seed);
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += data[drawIndex(rng, n)];
    means[r] = sum / n;
  }
  return means.sort();
}

/**
 * A uniform index in [0, n): pure-rand's `uniformInt(rng, 0, n - 1)` draw for draw (the same
 * rejection rule, so seeded results are unchanged), without its general-range dispatch: the
 * bootstraps draw it tens of millions of times.
 */
function drawIndex(rng: RandomGenerator, n: number): number {
  const maxAllowed = n > 2 ? Math.floor(4294967296 / n) * n : 4294967296;
  let v = rng.next() + 2147483648;
  while (v >= maxAllowed) v = rng.next() + 2147483648;
  return v % n;
}
