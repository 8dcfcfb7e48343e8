import { categoriesOf, defined, undefinedBecause, type Estimate, type RatingsMatrix } from './ratings.ts';
import { weightMatrix } from './weights.ts';
import type { ChanceCorrectedOptions } from './chance-corrected.ts';

/**
 * Cohen's kappa for exactly two raters (Cohen 1960, Educ. Psychol. Meas. 20), weighted when asked
 * (Cohen 1968): κ = (p_a − p_e) / (1 − p_e), p_a = Σ_kl w_kl p_kl over the items both raters
 * rated, p_e = Σ_kl w_kl p_k+ p_+l where each rater's marginal p_k+ (p_+l) is taken over all the
 * items that rater rated — Gwet's treatment of missing ratings (Gwet 2014, §2.5; irrCAC
 * `cohen.kappa.raw`). With complete data this is the textbook kappa.
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
  if (both === 0) return undefinedBecause('no item was rated by both raters');
  const nA = marginA.reduce((x, y) => x + y, 0);
  const nB = marginB.reduce((x, y) => x + y, 0);
  let pe = 0;
  for (let k = 0; k < q; k++) for (let l = 0; l < q; l++) pe += (w[k][l] * marginA[k] * marginB[l]) / (nA * nB);
  if (Math.abs(1 - pe) < 1e-12) return undefinedBecause('chance agreement is 1 (both raters used a single category), so kappa is 0/0');
  return defined((agree / both - pe) / (1 - pe));
}
