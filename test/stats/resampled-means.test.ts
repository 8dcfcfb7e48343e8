import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { describe, expect, it } from 'vitest';
import { resampledMeans } from '../../src/stats/bootstrap.ts';

/** The resampling loop as it was written on pure-rand's `uniformInt` (the seeded results the reports were made with). */
function reference(values: number[], resamples: number, seed: number): Float64Array {
  const rng = xoroshiro128plus(seed);
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < values.length; i++) sum += values[uniformInt(rng, 0, values.length - 1)];
    means[r] = sum / values.length;
  }
  return means.sort();
}

describe('resampledMeans', () => {
  it('draws exactly what uniformInt drew, for every sample size kind (1, 2, powers of two, others)', () => {
    for (const n of [1, 2, 3, 7, 64, 1000]) {
      const values = Array.from({ length: n }, (_, i) => ((i * 37) % 11) - 5);
      for (const seed of [0, 42]) expect(resampledMeans(values, 500, seed)).toEqual(reference(values, 500, seed));
    }
  });
});
