import { seededUnit } from '../pact/seeded.ts';
import { groupBy } from '../stats/group.ts';

/**
 * A stratified sample of n items with proportional allocation: each stratum's expected share of
 * the sample equals its share of the items, so rates pooled over the sample estimate the full
 * set's rates without weights. Slots are given by systematic sampling over the strata laid end to
 * end in key order, from a start drawn from the seed: a stratum gets ⌊n·size/N⌋ or ⌈n·size/N⌉
 * slots, and when there are fewer slots than strata, which strata get one is a seeded draw with
 * probability proportional to their size. Because keys are sorted, a stratum key's leading part
 * (e.g. the source) is itself allocated proportionally, to within one slot. Items within a stratum
 * are drawn in an order fixed by the seed. The same (items, n, seed) always gives the same sample.
 */
export function stratifiedSample<T>(
  items: readonly T[],
  n: number,
  seed: number,
  stratum: (item: T) => string,
  id: (item: T) => string,
): T[] {
  if (n >= items.length) return [...items];
  const strata = groupBy(items, stratum);
  const keys = [...strata.keys()].sort();
  const quotas = allocateSlots(
    keys.map((k) => strata.get(k)!.length),
    n,
    seededUnit(seed, 'stratified-sample:start'),
  );
  return keys.flatMap((key, i) => {
    if (quotas[i] === 0) return [];
    const ordered = strata
      .get(key)!
      .map((item) => ({ item, r: seededUnit(seed, `${key}:${id(item)}`) }))
      .sort((a, b) => a.r - b.r);
    return ordered.slice(0, quotas[i]).map((o) => o.item);
  });
}

/**
 * Slots per stratum by systematic sampling: n points spaced N/n apart, the first at start·N/n, on
 * the line where stratum i covers [c(i−1), c(i)); a stratum's quota is the number of points it
 * covers. Its expectation over the start is exactly n·size/N, the quotas sum to n, and none exceeds
 * its stratum's size (n ≤ N). Counting with ceilings keeps it exact in integers.
 */
export function allocateSlots(sizes: readonly number[], n: number, start: number): number[] {
  const total = sizes.reduce((s, v) => s + v, 0);
  const pointsBelow = (position: number) => Math.ceil((position * n) / total - start);
  let cumulative = 0;
  return sizes.map((size) => {
    const before = pointsBelow(cumulative);
    cumulative += size;
    return pointsBelow(cumulative) - before;
  });
}

export interface CellCoverage {
  cell: string;
  available: number;
  drawn: number;
}

/**
 * A stratified sample in which every cell (e.g. configuration × relation × source) holds at least
 * `minPerCell` items, or all it has: those are drawn first (in the seed's order), the rest of the n
 * slots are allocated proportionally over what is left. When the minimums need more than n slots,
 * the sample grows to hold them. `expectedCells` are cells the design has whether or not the items
 * fill them; a cell with no item is reported with available 0, so the report can name it.
 */
export function coveringSample<T>(
  items: readonly T[],
  opts: {
    n: number;
    seed: number;
    minPerCell: number;
    stratum: (item: T) => string;
    cell: (item: T) => string;
    id: (item: T) => string;
    expectedCells?: readonly string[];
  },
): { sample: T[]; coverage: CellCoverage[] } {
  const byCell = new Map<string, T[]>((opts.expectedCells ?? []).map((c) => [c, []]));
  for (const item of items) {
    const c = opts.cell(item);
    const list = byCell.get(c);
    if (list) list.push(item);
    else byCell.set(c, [item]);
  }
  const reserved = new Set<T>();
  for (const [cell, list] of byCell) {
    const ordered = list
      .map((item) => ({ item, r: seededUnit(opts.seed, `cell:${cell}:${opts.id(item)}`) }))
      .sort((a, b) => a.r - b.r);
    for (const { item } of ordered.slice(0, opts.minPerCell)) reserved.add(item);
  }
  const rest = items.filter((i) => !reserved.has(i));
  const extra = Math.max(0, opts.n - reserved.size);
  const sample = [...reserved, ...stratifiedSample(rest, extra, opts.seed, opts.stratum, opts.id)];
  const drawn = new Map<string, number>();
  for (const item of sample) drawn.set(opts.cell(item), (drawn.get(opts.cell(item)) ?? 0) + 1);
  const coverage = [...byCell]
    .map(([cell, list]) => ({ cell, available: list.length, drawn: drawn.get(cell) ?? 0 }))
    .sort((a, b) => a.cell.localeCompare(b.cell));
  return { sample, coverage };
}
