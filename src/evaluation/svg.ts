/** Background colour for a score on [−2, 2] in the report tables: blue for negative, red for positive. */
export function divergingColour(value: number | null): string {
  if (value === null) return '#f4f4f4';
  const t = Math.max(-1, Math.min(1, value / 2));
  const mix = (from: number, to: number) => Math.round(from + (to - from) * Math.abs(t));
  return t < 0
    ? `rgb(${mix(255, 80)},${mix(255, 130)},${mix(255, 210)})`
    : `rgb(${mix(255, 220)},${mix(255, 90)},${mix(255, 70)})`;
}
