/** Shannon entropy in bits of a distribution given by counts (zeros ignored); null when empty. */
export function entropyBits(counts: readonly number[]): number | null {
  const total = counts.reduce((s, c) => s + c, 0);
  if (total === 0) return null;
  let h = 0;
  for (const c of counts) if (c > 0) h -= (c / total) * Math.log2(c / total);
  return h;
}

/** The middle value (the mean of the two middle ones for an even count); null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function meanOrNull(values: readonly number[]): number | null {
  return values.length ? values.reduce((s, v) => s + v, 0) / values.length : null;
}

/**
 * Points no other point dominates, when x is better higher and y better lower (a point is
 * dominated by one at least as good on both and strictly better on one), sorted by x.
 */
export function paretoFront<T>(points: readonly T[], x: (p: T) => number, y: (p: T) => number): T[] {
  const front = points.filter((p) => !points.some((q) => x(q) >= x(p) && y(q) <= y(p) && (x(q) > x(p) || y(q) < y(p))));
  return front.sort((a, b) => x(a) - x(b));
}
