import { brennanPredigerFrom, fleissKappaFrom, gwetAcFrom } from './chance-corrected.ts';
import { cohenKappaFrom } from './cohen.ts';
import { alphaFromCoincidences, type Scale } from './krippendorff.ts';
import type { PatternTable } from './patterns.ts';
import { categoryValues, defined, undefinedBecause, type Estimate } from './ratings.ts';
import { weightMatrix, type WeightKind } from './weights.ts';

/**
 * A statistic evaluated on a resample given as pattern multiplicities (`mult[p]` = how many times
 * the items of pattern p were drawn). The sums are those of each statistic's own definition
 * (see chance-corrected.ts, cohen.ts, krippendorff.ts), taken with multiplicities, and the final
 * formula is the very function the point estimate uses.
 */
export type Kernel = (mult: Float64Array) => Estimate;

/** Per pattern, its term of Gwet's p_a numerator Σ_k r_ik (r*_ik − 1) / (r_i (r_i − 1)); 0 when r_i < 2. */
function agreementTerms(t: PatternTable, w: number[][]): Float64Array {
  const terms = new Float64Array(t.size);
  for (let p = 0; p < t.size; p++) {
    const ri = t.raters[p];
    if (ri < 2) continue;
    let sum = 0;
    for (let k = 0; k < t.q; k++) {
      let rStar = 0;
      for (let l = 0; l < t.q; l++) rStar += w[k][l] * t.counts[p * t.q + l];
      sum += (t.counts[p * t.q + k] * (rStar - 1)) / (ri * (ri - 1));
    }
    terms[p] = sum;
  }
  return terms;
}

function observedAgreement(t: PatternTable, terms: Float64Array, mult: Float64Array): number | null {
  let sum = 0;
  let paired = 0;
  for (let p = 0; p < t.size; p++) {
    const m = mult[p];
    if (m === 0 || t.raters[p] < 2) continue;
    sum += m * terms[p];
    paired += m;
  }
  return paired > 0 ? sum / paired : null;
}

/** π_k = (1/n) Σ_i r_ik / r_i over the n items rated at least once. */
function classShares(t: PatternTable, mult: Float64Array): Float64Array {
  const pi = new Float64Array(t.q);
  let rated = 0;
  for (let p = 0; p < t.size; p++) {
    const m = mult[p];
    if (m === 0 || t.raters[p] === 0) continue;
    rated += m;
    for (let k = 0; k < t.q; k++) pi[k] += (m * t.counts[p * t.q + k]) / t.raters[p];
  }
  for (let k = 0; k < t.q; k++) pi[k] /= rated;
  return pi;
}

export type ChanceCorrected = 'percent_agreement' | 'brennan_prediger' | 'gwet_ac' | 'fleiss_kappa';

export function chanceCorrectedKernel(
  t: PatternTable,
  which: ChanceCorrected,
  weights: WeightKind = 'identity',
): Kernel {
  const w = weightMatrix(weights, t.categories);
  const terms = agreementTerms(t, w);
  return (mult) => {
    const pa = observedAgreement(t, terms, mult);
    if (which === 'percent_agreement')
      return pa === null ? undefinedBecause('no item was rated by two or more raters') : defined(pa);
    if (which === 'brennan_prediger') return brennanPredigerFrom(pa, w, t.q);
    const pi = classShares(t, mult);
    return which === 'gwet_ac' ? gwetAcFrom(pa, pi, w, t.q) : fleissKappaFrom(pa, pi, w, t.q);
  };
}

/** Cohen's kappa on a two-column table (the caller checks there are exactly two raters). */
export function cohenKernel(t: PatternTable): Kernel {
  const w = weightMatrix('identity', t.categories);
  return (mult) => {
    const marginA = new Float64Array(t.q);
    const marginB = new Float64Array(t.q);
    let both = 0;
    let agree = 0;
    for (let p = 0; p < t.size; p++) {
      const m = mult[p];
      if (m === 0) continue;
      const ka = t.cells[p * t.width];
      const kb = t.cells[p * t.width + 1];
      if (ka >= 0) marginA[ka] += m;
      if (kb >= 0) marginB[kb] += m;
      if (ka < 0 || kb < 0) continue;
      both += m;
      agree += m * w[ka][kb];
    }
    return cohenKappaFrom(marginA, marginB, both, agree, w);
  };
}

/** Krippendorff's alpha: each pairable pattern's coincidences, kept sparse, summed with multiplicities. */
export function krippendorffKernel(t: PatternTable, scale: Scale): Kernel {
  const q = t.q;
  const values = categoryValues(t.categories);
  const entries: Array<Array<[number, number, number]>> = [];
  for (let p = 0; p < t.size; p++) {
    const mu = t.raters[p];
    const list: Array<[number, number, number]> = [];
    entries.push(list);
    if (mu < 2) continue;
    const r = t.counts.subarray(p * q, (p + 1) * q);
    for (let c = 0; c < q; c++)
      for (let k = 0; k < q; k++) {
        const v = (r[c] * (c === k ? r[k] - 1 : r[k])) / (mu - 1);
        if (v !== 0) list.push([c, k, v]);
      }
  }
  return (mult) => {
    const o = Array.from({ length: q }, () => new Array<number>(q).fill(0));
    for (let p = 0; p < t.size; p++) {
      const m = mult[p];
      if (m === 0) continue;
      for (const [c, k, v] of entries[p]) o[c][k] += m * v;
    }
    return alphaFromCoincidences(o, scale, values);
  };
}
