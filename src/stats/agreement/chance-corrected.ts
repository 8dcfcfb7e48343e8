import { categoryTable, defined, undefinedBecause, type Estimate, type Rating, type RatingsMatrix } from './ratings.ts';
import { weightMatrix, type WeightKind } from './weights.ts';

/**
 * The irrCAC family of multi-rater coefficients (Gwet, K. L. 2014, *Handbook of Inter-Rater
 * Reliability*, 4th ed., ch. 2–3; R package irrCAC, `*.raw` functions). All share the observed
 * agreement p_a and differ in the chance agreement p_e; each is κ = (p_a − p_e) / (1 − p_e).
 *
 * Missing ratings (Gwet 2014, §2.5): with r_ik the raters putting item i in category k,
 * r_i = Σ_k r_ik, r*_ik = Σ_l w_kl r_il, and n' the items rated by at least two raters,
 *   p_a = (1/n') Σ_{i: r_i ≥ 2} Σ_k r_ik (r*_ik − 1) / (r_i (r_i − 1)),
 *   π_k = (1/n) Σ_i r_ik / r_i            (n = items rated by at least one rater).
 */
export interface ChanceCorrectedOptions {
  categories?: readonly Rating[];
  weights?: WeightKind;
}

interface Parts {
  pa: number | null;
  pi: number[];
  w: number[][];
  q: number;
}

function parts(matrix: RatingsMatrix, opts: ChanceCorrectedOptions): Parts {
  const { categories, counts, raters } = categoryTable(matrix, opts.categories);
  const q = categories.length;
  const w = weightMatrix(opts.weights ?? 'identity', categories);
  let sum = 0;
  let paired = 0;
  counts.forEach((r, i) => {
    const ri = raters[i];
    if (ri < 2) return;
    paired++;
    for (let k = 0; k < q; k++) {
      const rStar = r.reduce((acc, ril, l) => acc + w[k][l] * ril, 0);
      sum += (r[k] * (rStar - 1)) / (ri * (ri - 1));
    }
  });
  const pi = new Array<number>(q).fill(0);
  counts.forEach((r, i) => r.forEach((rik, k) => (pi[k] += rik / raters[i] / counts.length)));
  return { pa: paired > 0 ? sum / paired : null, pi, w, q };
}

export const NO_PAIRS = 'no item was rated by two or more raters';

export function coefficient(pa: number, pe: number): Estimate {
  if (Math.abs(1 - pe) < 1e-12)
    return undefinedBecause('chance agreement is 1 (every rating falls in one category), so the coefficient is 0/0');
  return defined((pa - pe) / (1 - pe));
}

/** Observed (percent) agreement p_a, weighted when `weights` is given (irrCAC `pa.coeff.raw`). */
export function percentAgreement(matrix: RatingsMatrix, opts: ChanceCorrectedOptions = {}): Estimate {
  const { pa } = parts(matrix, opts);
  return pa === null ? undefinedBecause(NO_PAIRS) : defined(pa);
}

/**
 * Brennan–Prediger (1981) coefficient, p_e = T_w / q² with T_w = Σ_kl w_kl (1/q unweighted);
 * with two categories this is PABAK (Byrt, Bishop & Carlin 1993). irrCAC `bp.coeff.raw`.
 */
export function brennanPrediger(matrix: RatingsMatrix, opts: ChanceCorrectedOptions = {}): Estimate {
  const { pa, w, q } = parts(matrix, opts);
  return brennanPredigerFrom(pa, w, q);
}

/** Brennan–Prediger from p_a; shared with the bootstrap's per-resample sums. */
export function brennanPredigerFrom(pa: number | null, w: number[][], q: number): Estimate {
  if (pa === null) return undefinedBecause(NO_PAIRS);
  if (q < 2) return undefinedBecause('fewer than two categories');
  const tw = w.flat().reduce((a, b) => a + b, 0);
  return coefficient(pa, tw / q ** 2);
}

/**
 * Gwet's AC1 (identity weights) and AC2 (weighted): p_e = T_w / (q (q − 1)) · Σ_k π_k (1 − π_k)
 * (Gwet 2008, Br. J. Math. Stat. Psychol. 61; Gwet 2014 eq. 2.5.x; irrCAC `gwet.ac1.raw`).
 */
export function gwetAc(matrix: RatingsMatrix, opts: ChanceCorrectedOptions = {}): Estimate {
  const { pa, pi, w, q } = parts(matrix, opts);
  return gwetAcFrom(pa, pi, w, q);
}

/** AC1/AC2 from p_a and the π_k; shared with the bootstrap's per-resample sums. */
export function gwetAcFrom(pa: number | null, pi: ArrayLike<number>, w: number[][], q: number): Estimate {
  if (pa === null) return undefinedBecause(NO_PAIRS);
  if (q < 2) return undefinedBecause('fewer than two categories');
  const tw = w.flat().reduce((a, b) => a + b, 0);
  let spread = 0;
  for (let k = 0; k < pi.length; k++) spread += pi[k] * (1 - pi[k]);
  const pe = (tw / (q * (q - 1))) * spread;
  return coefficient(pa, pe);
}

/**
 * Fleiss' kappa (Fleiss 1971, Psychol. Bull. 76(5)), extended to missing ratings and weights as in
 * irrCAC `fleiss.kappa.raw`: p_e = Σ_kl w_kl π_k π_l. With complete data it equals Fleiss 1971.
 */
export function fleissKappa(matrix: RatingsMatrix, opts: ChanceCorrectedOptions = {}): Estimate {
  const { pa, pi, w, q } = parts(matrix, opts);
  return fleissKappaFrom(pa, pi, w, q);
}

/** Fleiss' kappa from p_a and the π_k; shared with the bootstrap's per-resample sums. */
export function fleissKappaFrom(pa: number | null, pi: ArrayLike<number>, w: number[][], q: number): Estimate {
  if (pa === null) return undefinedBecause(NO_PAIRS);
  let pe = 0;
  for (let k = 0; k < q; k++) for (let l = 0; l < q; l++) pe += w[k][l] * pi[k] * pi[l];
  return coefficient(pa, pe);
}
