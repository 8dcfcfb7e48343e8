/**
 * "Nice" axis ticks: the finest step of 1, 2 or 5 × 10^k that covers the data in at most
 * `maxIntervals` steps, so an axis reads 0, 0.2, 0.4 … (or 0, 0.01, 0.02 … for small values) and
 * never only 0 and max.
 */
export interface Ticks {
  min: number;
  max: number;
  step: number;
  values: number[];
  /** Decimals that show every tick distinctly. */
  decimals: number;
}

export function niceTicks(lo: number, hi: number, maxIntervals = 7): Ticks {
  if (!(hi > lo)) hi = lo + 1;
  let exp = Math.floor(Math.log10((hi - lo) / maxIntervals)) - 1;
  for (;;) {
    for (const m of [1, 2, 5]) {
      const step = m * 10 ** exp;
      const min = Math.floor(lo / step + 1e-9) * step;
      const max = Math.ceil(hi / step - 1e-9) * step;
      if (Math.round((max - min) / step) <= maxIntervals) return ticksOf(min, max, step);
    }
    exp++;
  }
}

function ticksOf(min: number, max: number, step: number): Ticks {
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  const values: number[] = [];
  const count = Math.round((max - min) / step);
  for (let i = 0; i <= count; i++) values.push(Number((min + i * step).toFixed(decimals)) || 0);
  return { min, max, step, values, decimals };
}
