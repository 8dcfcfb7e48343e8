import { seededUnit } from '../pact/seeded.ts';

/**
 * A stratified sample of n items: strata get shares proportional to their size (largest
 * remainders), at least one each while n allows, and items within a stratum are taken in an
 * order fixed by the seed. The same (items, n, seed) always gives the same sample.
 */
export function stratifiedSample<T>(items: readonly T[], n: number, seed: number, stratum: (item: T) => string, id: (item: T) => string): T[] {
  if (n >= items.length) return [...items];
  const strata = new Map<string, T[]>();
  for (const item of items) strata.set(stratum(item), [...(strata.get(stratum(item)) ?? []), item]);
  const keys = [...strata.keys()].sort();
  const quotas = allocate(keys.map((k) => strata.get(k)!.length), n);
  return keys.flatMap((key, i) => {
    const members = strata.get(key)!;
    const ordered = members.map((item) => ({ item, r: seededUnit(seed, `${key}:${id(item)}`) })).sort((a, b) => a.r - b.r);
    return ordered.slice(0, quotas[i]).map((o) => o.item);
  });
}

function allocate(sizes: readonly number[], n: number): number[] {
  const total = sizes.reduce((s, v) => s + v, 0);
  if (n < sizes.length) {
    // Fewer slots than strata: one item from each of the largest strata.
    const order = sizes.map((s, i) => ({ s, i })).sort((a, b) => b.s - a.s || a.i - b.i).slice(0, n);
    const out = sizes.map(() => 0);
    for (const { i } of order) out[i] = 1;
    return out;
  }
  const exact = sizes.map((s) => 1 + ((n - sizes.length) * s) / total);
  const out = exact.map((e, i) => Math.min(sizes[i], Math.floor(e)));
  let left = n - out.reduce((s, v) => s + v, 0);
  const byRemainder = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r);
  while (left > 0) {
    const before = left;
    for (const { i } of byRemainder) {
      if (left === 0) break;
      if (out[i] < sizes[i]) {
        out[i]++;
        left--;
      }
    }
    if (left === before) break;
  }
  return out;
}
