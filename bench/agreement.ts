import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import {
  agreementSummary,
  bootstrapCi,
  brennanPrediger,
  fleissKappa,
  gwetAc,
  krippendorffAlpha,
  percentAgreement,
  type Estimate,
  type RatingsMatrix,
} from '../src/stats/agreement.ts';
import type { Figure } from './run.ts';

const ITEMS = 10_000;
const RATERS = 4;
const REPLICATES = 1_000;
/** Replicates for the side-by-side comparison with the generic bootstrap (which takes ~74 ms per replicate here). */
const COMPARE_REPLICATES = 20;

/**
 * A QC-like table: ordinal 1–5, raters agreeing around an item's true value, 15% of cells blank,
 * so every statistic (all but Cohen's kappa, which needs two raters) is defined.
 */
function table(): RatingsMatrix {
  const rng = xoroshiro128plus(42);
  return Array.from({ length: ITEMS }, () => {
    const truth = uniformInt(rng, 1, 5);
    return Array.from({ length: RATERS }, () => {
      if (uniformInt(rng, 0, 99) < 15) return null;
      const shift = uniformInt(rng, 0, 9);
      return Math.min(5, Math.max(1, truth + (shift === 0 ? -1 : shift === 9 ? 1 : 0)));
    });
  });
}

/** The seven statistics the generic bootstrap recomputes from copied rows, one at a time (the old way). */
function genericAll(m: RatingsMatrix, replicates: number): void {
  const categories = [1, 2, 3, 4, 5];
  const fns: Array<(x: RatingsMatrix) => Estimate> = [
    (x) => percentAgreement(x, { categories }),
    (x) => brennanPrediger(x, { categories }),
    (x) => gwetAc(x, { categories }),
    (x) => gwetAc(x, { categories, weights: 'linear' }),
    (x) => gwetAc(x, { categories, weights: 'quadratic' }),
    (x) => fleissKappa(x, { categories }),
    (x) => krippendorffAlpha(x, 'ordinal', categories),
  ];
  for (const fn of fns) bootstrapCi(m, fn, { replicates });
}

function seconds(run: () => void): number {
  const start = performance.now();
  run();
  return (performance.now() - start) / 1000;
}

/** `npm run bench -- agreement`: the full summary (point estimates + 1,000-resample intervals) on 10,000 × 4. */
export async function benchAgreement(): Promise<Figure[]> {
  const m = table();
  let defined = 0;
  const full = seconds(() => {
    const s = agreementSummary(m, 'ordinal', { replicates: REPLICATES, seed: 1 });
    defined = Object.values(s.ci95).filter((c) => c !== null).length;
  });
  if (defined !== 7) throw new Error(`expected 7 statistics with an interval, got ${defined}`);
  // cost per resample, side by side: the summary's marginal cost beyond COMPARE_REPLICATES (point
  // estimates and set-up cancel out) against the generic bootstrap's, both for all seven statistics
  const fewer = seconds(() => agreementSummary(m, 'ordinal', { replicates: COMPARE_REPLICATES, seed: 1 }));
  const generic = seconds(() => genericAll(m, COMPARE_REPLICATES));
  const fastPerResample = Math.max(full - fewer, 1e-6) / (REPLICATES - COMPARE_REPLICATES);
  return [
    { name: 'agreement_10k_x4_1000_resamples_7_statistics', value: full, unit: 's', target: '<3' },
    {
      name: 'agreement_bootstrap_per_resample_speedup_vs_generic',
      value: generic / COMPARE_REPLICATES / fastPerResample,
      unit: 'ratio',
      target: '>=25',
    },
  ];
}
