import { describe, expect, it } from 'vitest';
import { allocateSlots, stratifiedSample } from '../../src/evaluation/sampling.ts';

interface Item {
  id: string;
  source: string;
  country: string;
  relation: string;
}

/** PACT-like strata: a big source with large strata and a small one, many more strata than a demo sample has slots. */
function pactLike(): Item[] {
  const items: Item[] = [];
  const add = (source: string, countries: number, perStratum: number) => {
    for (let c = 0; c < countries; c++)
      for (const relation of ['close', 'far', 'same'])
        for (let i = 0; i < perStratum; i++)
          items.push({ id: `${source}-${c}-${relation}-${i}`, source, country: `${source}-country-${c}`, relation });
  };
  add('cultureatlas', 8, 30);
  add('normad', 5, 10);
  return items;
}

const stratum = (i: Item) => [i.source, i.country, i.relation].join('|');
const draw = (items: Item[], n: number, seed: number) => stratifiedSample(items, n, seed, stratum, (i) => i.id);
const count = <T>(values: T[], pred: (v: T) => boolean) => values.filter(pred).length;

describe('stratified sample with fewer slots than strata', () => {
  const items = pactLike(); // 39 strata, 870 items: 720 CultureAtlas, 150 NormAd

  it('gives each source its proportional share of slots (to within one), whatever the seed', () => {
    const n = 12;
    for (let seed = 0; seed < 40; seed++) {
      const sample = draw(items, n, seed);
      expect(sample).toHaveLength(n);
      const normad = count(sample, (i) => i.source === 'normad');
      const expected = (n * 150) / 870;
      expect(normad).toBeGreaterThanOrEqual(Math.floor(expected));
      expect(normad).toBeLessThanOrEqual(Math.ceil(expected));
      expect(new Set(sample.map(stratum)).size).toBe(n);
    }
  });

  it('with two slots and two equal sources, takes one item from each', () => {
    const balanced = items
      .filter((i) => i.source === 'normad' || Number(i.country.split('-').pop()) < 5)
      .filter((i) => Number(i.id.split('-').pop()) < 10);
    for (let seed = 0; seed < 20; seed++)
      expect(new Set(draw(balanced, 2, seed).map((i) => i.source))).toEqual(new Set(['cultureatlas', 'normad']));
  });

  it('a new seed changes which strata are chosen; the same seed gives the same sample', () => {
    const chosen = (seed: number) => [...new Set(draw(items, 12, seed).map(stratum))].sort().join(',');
    expect(draw(items, 12, 3)).toEqual(draw(items, 12, 3));
    expect(new Set(Array.from({ length: 10 }, (_, seed) => chosen(seed))).size).toBeGreaterThan(1);
    const everChosen = new Set(Array.from({ length: 30 }, (_, seed) => draw(items, 12, seed).map(stratum)).flat());
    expect(everChosen.size).toBeGreaterThan(30);
  });

  it('each stratum is chosen with probability proportional to its size', () => {
    const sizes = [1, 2, 3, 6, 12];
    const small = sizes.flatMap((size, s) =>
      Array.from({ length: size }, (_, i) => ({ id: `${s}-${i}`, source: 'x', country: `c${s}`, relation: 'same' })),
    );
    const n = 3;
    const seeds = 2000;
    const totals = sizes.map(() => 0);
    for (let seed = 0; seed < seeds; seed++) {
      for (const item of draw(small, n, seed)) totals[Number(item.country.slice(1))]++;
    }
    sizes.forEach((size, s) => expect(totals[s] / seeds).toBeCloseTo((n * size) / 24, 1));
  });
});

describe('allocateSlots', () => {
  it('sums to n, stays within floor/ceil of the proportional share and never exceeds a stratum', () => {
    const sizes = [5, 1, 17, 2, 40, 3];
    for (const n of [1, 4, 9, 30, 68]) {
      for (const start of [0, 0.13, 0.5, 0.99]) {
        const quotas = allocateSlots(sizes, n, start);
        expect(quotas.reduce((a, b) => a + b, 0)).toBe(n);
        quotas.forEach((q, i) => {
          const share = (n * sizes[i]) / 68;
          expect(q).toBeGreaterThanOrEqual(Math.floor(share));
          expect(q).toBeLessThanOrEqual(Math.min(Math.ceil(share), sizes[i]));
        });
      }
    }
  });
});
