/**
 * "Nice" axis ticks (Heckbert, "Nice numbers for graph labels", Graphics Gems, 1990): steps of
 * 1, 2 or 5 × 10^k covering the data, so an axis reads 0, 0.1, 0.2 … and never only 0 and max.
 */
function niceNumber(x: number, round: boolean): number {
  const exp = Math.floor(Math.log10(x));
  const f = x / 10 ** exp;
  const nice = round ? (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) : f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
  return nice * 10 ** exp;
}

export interface Ticks {
  min: number;
  max: number;
  step: number;
  values: number[];
  /** Decimals that show every tick distinctly. */
  decimals: number;
}

export function niceTicks(lo: number, hi: number, count = 5): Ticks {
  if (!(hi > lo)) hi = lo + 1;
  const step = niceNumber(niceNumber(hi - lo, false) / (count - 1), true);
  const min = Math.floor(lo / step + 1e-9) * step;
  const max = Math.ceil(hi / step - 1e-9) * step;
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  const values: number[] = [];
  for (let v = min; v <= max + step / 2; v += step) values.push(Number(v.toFixed(decimals)));
  return { min, max, step, values, decimals };
}
