import { categoriesOf, defined, undefinedBecause, type Estimate, type RatingsMatrix } from './ratings.ts';
import { weightMatrix } from './weights.ts';
import type { ChanceCorrectedOptions } from './chance-corrected.ts';

/**
 * Cohen's kappa for exactly two raters (Cohen 1960, Educ. Psychol. Meas. 20), weighted when asked
 * (Cohen 1968): κ = (p_a − p_e) / (1 − p_e), p_a = Σ_kl w_kl p_kl over the items both raters
 * rated, p_e = Σ_kl w_kl p_k+ p_+l where each rater's marginal p_k+ (p_+l) is taken over all the
 * items that rater rated. With complete data this is the textbook kappa.
 *
 * Missing ratings: this is what irrCAC computes. Its Conger's kappa (Conger 1980; irrCAC
 * `conger.kappa.raw` in R, `CAC.conger` in the Python port afergadis/irrCAC `irrCAC/raw.py`) takes
 * p_a over items rated by ≥ 2 raters and p_e = Σ w_kl (p̄_k p̄_l − s²_kl / r) from per-rater
 * marginals over each rater's own items; for r = 2 that reduces algebraically to the p_e above
 * (symmetric weights). Checked on the irrCAC test value for Gwet's Ben/Gerry data, which has one
 * missing rating: κ = 0.657 (p_a = 0.727, p_e = 0.205); marginals over the jointly rated items
 * only would give 0.656. Whether Gwet's Handbook of Inter-Rater Reliability (4th ed., 2014)
 * defines two-rater Cohen's kappa with missing ratings in exactly this way has NOT been checked
 * against the book itself — only against the Python port of irrCAC (the R original is Gwet's own).
 */
export function cohenKappa(matrix: RatingsMatrix, opts: ChanceCorrectedOptions = {}): Estimate {
  if (matrix.some((row) => row.length !== 2)) return undefinedBecause("Cohen's kappa needs exactly two raters");
  const categories = categoriesOf(matrix, opts.categories);
  const q = categories.length;
  const index = new Map(categories.map((c, k) => [c, k]));
  const w = weightMatrix(opts.weights ?? 'identity', categories);
  const marginA = new Array<number>(q).fill(0);
  const marginB = new Array<number>(q).fill(0);
  let both = 0;
  let agree = 0;
  for (const [a, b] of matrix) {
    const ka = a === null ? undefined : index.get(a);
    const kb = b === null ? undefined : index.get(b);
    if (ka !== undefined) marginA[ka]++;
    if (kb !== undefined) marginB[kb]++;
    if (ka === undefined || kb === undefined) continue;
    both++;
    agree += w[ka][kb];
  }
  return cohenKappaFrom(marginA, marginB, both, agree, w);
}

/**
 * Kappa from each rater's marginal counts, the items both rated and their (weighted) agreements;
 * shared with the bootstrap's per-resample sums.
 */
export function cohenKappaFrom(
  marginA: ArrayLike<number>,
  marginB: ArrayLike<number>,
  both: number,
  agree: number,
  w: number[][],
): Estimate {
  const q = w.length;
  if (both === 0) return undefinedBecause('no item was rated by both raters');
  let nA = 0;
  let nB = 0;
  for (let k = 0; k < q; k++) nA += marginA[k];
  for (let k = 0; k < q; k++) nB += marginB[k];
  let pe = 0;
  for (let k = 0; k < q; k++) for (let l = 0; l < q; l++) pe += (w[k][l] * marginA[k] * marginB[l]) / (nA * nB);
  if (Math.abs(1 - pe) < 1e-12)
    return undefinedBecause('chance agreement is 1 (both raters used a single category), so kappa is 0/0');
  return defined((agree / both - pe) / (1 - pe));
}
