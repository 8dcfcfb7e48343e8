/** Wilson score interval for a binomial proportion (Wilson 1927; Newcombe 1998, method 3). */
export interface Proportion {
  successes: number;
  n: number;
  rate: number | null;
  low: number | null;
  high: number | null;
}

/** Two-sided standard normal quantile for 95 % intervals. */
export const Z95 = 1.959963984540054;

export function wilson(successes: number, n: number, z = Z95): Proportion {
  if (n === 0) return { successes, n, rate: null, low: null, high: null };
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  // Clamp only against floating-point drift at the bounds (0/n and n/n).
  return { successes, n, rate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
