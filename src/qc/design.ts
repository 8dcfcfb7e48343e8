import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { UserError } from '../errors.ts';
import { groupBy } from '../stats/group.ts';
import type { QcCandidate } from './datasets.ts';
import type { ManifestItem } from './schemas.ts';

export interface DesignOptions {
  size: number;
  overlap: number;
  annotators: string[];
  seed: number;
}

export interface Design {
  strata: { key: string; population: number; sampled: number }[];
  items: ManifestItem[];
}

/**
 * Stratified sample with an overlap design. Each stratum gets a share of `size` proportional to its
 * population (largest remainder, so shares add up exactly), items drawn by a seeded shuffle. The
 * sample is then ordered by dealing strata round-robin, so the first `overlap` items — seen by
 * every annotator — span the strata too; the remaining items are dealt to one annotator each, in
 * turn, so workloads differ by at most one item.
 */
export function designSample(candidates: QcCandidate[], opts: DesignOptions): Design {
  checkOptions(candidates.length, opts);
  const rng = xoroshiro128plus(opts.seed);
  const byStratum = groupByStratum(candidates);
  const quotas = proportionalQuotas(
    [...byStratum].map(([key, items]) => [key, items.length]),
    opts.size,
  );
  const drawn = new Map<string, QcCandidate[]>();
  for (const [key, items] of byStratum) drawn.set(key, shuffle(items, rng).slice(0, quotas.get(key) ?? 0));
  const ordered = dealRoundRobin([...drawn.values()]);
  const items = ordered.map((c, i): ManifestItem => {
    const overlap = i < opts.overlap;
    const annotators = overlap ? [...opts.annotators] : [opts.annotators[(i - opts.overlap) % opts.annotators.length]];
    return { item_id: c.item_id, stratum: c.stratum, overlap, annotators, llm: c.llm, context: c.context };
  });
  const strata = [...byStratum].map(([key, pop]) => ({
    key,
    population: pop.length,
    sampled: drawn.get(key)?.length ?? 0,
  }));
  return { strata, items };
}

function checkOptions(population: number, opts: DesignOptions): void {
  if (!Number.isInteger(opts.size) || opts.size < 1)
    throw new UserError(`--size must be a positive integer, got ${opts.size}`);
  if (opts.size > population)
    throw new UserError(`--size ${opts.size} is larger than the ${population} items available`);
  if (!Number.isInteger(opts.overlap) || opts.overlap < 0 || opts.overlap > opts.size)
    throw new UserError(`--overlap must be between 0 and --size (${opts.size}), got ${opts.overlap}`);
  if (!opts.annotators.length) throw new UserError('--annotators needs at least one name');
  if (new Set(opts.annotators).size !== opts.annotators.length)
    throw new UserError(`--annotators has a duplicate name: ${opts.annotators.join(',')}`);
  if (opts.overlap > 0 && opts.annotators.length < 2)
    throw new UserError('an overlap needs at least two annotators to measure agreement');
}

function groupByStratum(candidates: QcCandidate[]): Map<string, QcCandidate[]> {
  const sorted = [...candidates].sort((a, b) => a.item_id.localeCompare(b.item_id));
  return new Map([...groupBy(sorted, (c) => c.stratum)].sort(([a], [b]) => a.localeCompare(b)));
}

/** Hamilton's largest-remainder apportionment of `size` over strata by population. */
export function proportionalQuotas(populations: [string, number][], size: number): Map<string, number> {
  const total = populations.reduce((s, [, n]) => s + n, 0);
  const exact = populations.map(([key, n]) => ({ key, n, share: (size * n) / total }));
  const quotas = new Map(exact.map((e) => [e.key, Math.floor(e.share)]));
  let left = size - [...quotas.values()].reduce((a, b) => a + b, 0);
  const byRemainder = [...exact].sort(
    (a, b) => b.share - Math.floor(b.share) - (a.share - Math.floor(a.share)) || a.key.localeCompare(b.key),
  );
  for (const e of byRemainder) {
    if (left === 0) break;
    if (quotas.get(e.key)! >= e.n) continue;
    quotas.set(e.key, quotas.get(e.key)! + 1);
    left--;
  }
  return quotas;
}

export function shuffle<T>(items: readonly T[], rng: ReturnType<typeof xoroshiro128plus>): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = uniformInt(rng, 0, i);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function dealRoundRobin<T>(groups: T[][]): T[] {
  const out: T[] = [];
  const longest = Math.max(0, ...groups.map((g) => g.length));
  for (let i = 0; i < longest; i++) for (const g of groups) if (i < g.length) out.push(g[i]);
  return out;
}
