import { defined, undefinedBecause, type Estimate, type Rating, type RatingsMatrix } from './ratings.ts';

/**
 * Specific (positive or negative) agreement for one category, multi-rater form (Fleiss 1975;
 * Uebersax, "Statistical methods for rater agreement", §specific agreement):
 *   PA_c = Σ_i n_ic (n_ic − 1) / Σ_i n_ic (r_i − 1),  over items with r_i ≥ 2,
 * where n_ic raters put item i in category c. With two raters and complete data this is
 * 2a / (2a + b + c) (Cicchetti & Feinstein 1990).
 */
export function specificAgreement(matrix: RatingsMatrix, category: Rating): Estimate {
  let num = 0;
  let den = 0;
  for (const row of matrix) {
    const given = row.filter((v) => v !== null);
    if (given.length < 2) continue;
    const nic = given.filter((v) => v === category).length;
    num += nic * (nic - 1);
    den += nic * (given.length - 1);
  }
  if (den === 0) return undefinedBecause(`no rater used ${JSON.stringify(category)} on an item rated twice or more`);
  return defined(num / den);
}

export interface PairMae {
  raters: [number, number];
  items: number;
  mae: number;
}

/**
 * Mean absolute error between every pair of raters over the items both rated, and the mean of the
 * pairwise MAEs (the "pairwise inter-annotator MAE" of the Sociocultural Statements paper).
 */
export function pairwiseMae(matrix: ReadonlyArray<ReadonlyArray<number | null>>): {
  value: number | null;
  reason?: string;
  pairs: PairMae[];
} {
  const width = matrix.reduce((m, row) => Math.max(m, row.length), 0);
  const pairs: PairMae[] = [];
  for (let a = 0; a < width; a++) {
    for (let b = a + 1; b < width; b++) {
      const diffs = matrix.flatMap((row) => (row[a] != null && row[b] != null ? [Math.abs(row[a]! - row[b]!)] : []));
      if (diffs.length) pairs.push({ raters: [a, b], items: diffs.length, mae: mean(diffs) });
    }
  }
  if (!pairs.length) return { value: null, reason: 'no two raters rated a common item', pairs };
  return { value: mean(pairs.map((p) => p.mae)), pairs };
}

/** MAE between two aligned series, skipping positions where either is missing. */
export function meanAbsoluteError(a: ReadonlyArray<number | null>, b: ReadonlyArray<number | null>): Estimate {
  const diffs = a.flatMap((x, i) => (x != null && b[i] != null ? [Math.abs(x - b[i]!)] : []));
  return diffs.length ? defined(mean(diffs)) : undefinedBecause('no position has both values');
}

function mean(values: number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}
