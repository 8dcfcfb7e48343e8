/**
 * Independent re-derivation of member votes and labels for tests (deliberately not through
 * src/stats/votes.ts): mode of runs with ties broken toward the runs' median, then the smaller
 * magnitude; median of member votes; contested = as many negative as positive votes.
 */
export function modeOfRuns(runs: (number | boolean)[]): number | boolean | null {
  if (runs.length === 0) return null;
  const counts = new Map<number | boolean, number>();
  runs.forEach((r) => counts.set(r, (counts.get(r) ?? 0) + 1));
  const top = Math.max(...counts.values());
  const tied = [...counts.keys()].filter((k) => counts.get(k) === top);
  if (tied.length === 1) return tied[0];
  const num = (v: number | boolean) => Number(v);
  const centre = median(runs.map(num));
  return tied.reduce((best, c) => {
    const dc = Math.abs(num(c) - centre);
    const db = Math.abs(num(best) - centre);
    return dc < db || (dc === db && Math.abs(num(c)) < Math.abs(num(best))) ? c : best;
  });
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

export function isContested(votes: number[]): boolean {
  const negative = votes.filter((v) => v < 0).length;
  return negative > 0 && negative === votes.filter((v) => v > 0).length;
}
