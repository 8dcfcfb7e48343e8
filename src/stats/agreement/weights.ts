import { categoryValues, type Rating } from './ratings.ts';

/** Weighting of disagreements for AC2 / weighted kappa, as defined in irrCAC (Gwet 2014, ch. 3). */
export type WeightKind = 'identity' | 'linear' | 'quadratic' | 'ordinal';

/**
 * The q × q weight matrix w_kl (1 on the diagonal):
 * - identity: w_kl = 1 if k = l else 0;
 * - linear: w_kl = 1 − |x_k − x_l| / (x_max − x_min);
 * - quadratic: w_kl = 1 − (x_k − x_l)² / (x_max − x_min)²;
 * - ordinal: with m_kl = C(|k − l| + 1, 2) on ranks, w_kl = 1 − m_kl / max m.
 * x_k is the category's numeric value, or its rank for text categories (irrCAC `weights.gen.r`).
 */
export function weightMatrix(kind: WeightKind, categories: readonly Rating[]): number[][] {
  const q = categories.length;
  const x = categoryValues(categories);
  const span = q > 1 ? Math.max(...x) - Math.min(...x) : 0;
  const maxOrdinal = ((q - 1 + 1) * (q - 1)) / 2;
  return x.map((xk, k) =>
    x.map((xl, l) => {
      if (k === l) return 1;
      if (kind === 'identity' || span === 0) return 0;
      if (kind === 'linear') return 1 - Math.abs(xk - xl) / span;
      if (kind === 'quadratic') return 1 - (xk - xl) ** 2 / span ** 2;
      const d = Math.abs(k - l);
      return 1 - ((d + 1) * d) / 2 / maxOrdinal;
    }),
  );
}
