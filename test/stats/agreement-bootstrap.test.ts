import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { describe, expect, it } from 'vitest';
import {
  agreementSummary,
  bootstrapCi,
  brennanPrediger,
  cohenKappa,
  fleissKappa,
  gwetAc,
  krippendorffAlpha,
  percentAgreement,
  SUMMARY_STATISTICS,
  type Estimate,
  type Rating,
  type RatingsMatrix,
  type Scale,
} from '../../src/stats/agreement.ts';

/** A seeded random ratings table: `missing` is the chance a cell is blank. */
function randomTable(
  seed: number,
  items: number,
  raters: number,
  categories: readonly Rating[],
  missing: number,
): (Rating | null)[][] {
  const rng = xoroshiro128plus(seed);
  return Array.from({ length: items }, () =>
    Array.from({ length: raters }, () =>
      uniformInt(rng, 0, 999) < missing * 1000 ? null : categories[uniformInt(rng, 0, categories.length - 1)],
    ),
  );
}

/** The definitions the summary promises, computed one resample at a time by the generic bootstrap. */
function reference(scale: Scale, categories: Rating[], raters: number): Record<string, (m: RatingsMatrix) => Estimate> {
  const opts = { categories };
  const none = (m: RatingsMatrix): Estimate => ({ value: null, reason: String(m.length) });
  return {
    percent_agreement: (m) => percentAgreement(m, opts),
    pabak: (m) => brennanPrediger(m, opts),
    gwet_ac1: (m) => gwetAc(m, opts),
    gwet_ac2_linear: scale === 'nominal' ? none : (m) => gwetAc(m, { categories, weights: 'linear' }),
    gwet_ac2_quadratic: scale === 'nominal' ? none : (m) => gwetAc(m, { categories, weights: 'quadratic' }),
    fleiss_kappa: (m) => fleissKappa(m, opts),
    cohen_kappa: raters === 2 ? (m) => cohenKappa(m, opts) : none,
    krippendorff_alpha: (m) => krippendorffAlpha(m, scale, categories),
  };
}

const CASES: Array<{ name: string; scale: Scale; table: (Rating | null)[][]; categories: Rating[] }> = [
  {
    name: '2 raters, ordinal 1–5, 20% missing',
    scale: 'ordinal',
    table: randomTable(1, 60, 2, [1, 2, 3, 4, 5], 0.2),
    categories: [1, 2, 3, 4, 5],
  },
  {
    name: '4 raters, interval −2..2, 30% missing',
    scale: 'interval',
    table: randomTable(2, 80, 4, [-2, -1, 1, 2], 0.3),
    categories: [-2, -1, 1, 2],
  },
  {
    name: '3 raters, nominal yes/no, 10% missing',
    scale: 'nominal',
    table: randomTable(3, 50, 3, ['yes', 'no'], 0.1),
    categories: ['no', 'yes'],
  },
  {
    name: '5 raters, ordinal, sparse (60% missing)',
    scale: 'ordinal',
    table: randomTable(4, 40, 5, [1, 2, 3], 0.6),
    categories: [1, 2, 3],
  },
];

describe('the fast bootstrap (per-item sufficient statistics) against the generic one', () => {
  for (const c of CASES) {
    it(`gives the same point estimates and, resample for resample, the same intervals: ${c.name}`, () => {
      const seed = 11;
      const replicates = 300;
      const summary = agreementSummary(c.table, c.scale, { seed, replicates, categories: c.categories });
      const ref = reference(c.scale, c.categories, c.table[0].length);
      for (const name of SUMMARY_STATISTICS) {
        const point = ref[name](c.table);
        // point estimates come from the same functions: identical, not merely close
        expect(summary[name], name).toBe(point.value);
        if (point.value === null) continue;
        const slow = bootstrapCi(c.table, ref[name], { seed, replicates });
        const fast = summary.ci95[name];
        if (slow.low === null) {
          expect(fast, name).toBeNull();
          continue;
        }
        expect(fast, name).not.toBeNull();
        expect(Math.abs(fast![0] - slow.low), name).toBeLessThan(1e-12);
        expect(Math.abs(fast![1] - slow.high), name).toBeLessThan(1e-12);
        expect(summary.bootstrap.resamples_used[name], name).toBe(slow.replicates);
      }
    });
  }

  it('is deterministic for a seed and changes with the seed', () => {
    const t = CASES[1].table;
    const a = agreementSummary(t, 'interval', { seed: 5, replicates: 200 });
    expect(agreementSummary(t, 'interval', { seed: 5, replicates: 200 }).ci95).toEqual(a.ci95);
    expect(agreementSummary(t, 'interval', { seed: 6, replicates: 200 }).ci95).not.toEqual(a.ci95);
  });
});

describe('what the summary says about its nulls and its resamples', () => {
  it('counts the resamples on which a statistic was defined (Fleiss undefined when a resample holds one category)', () => {
    // 6 items, 3 of them unanimous "a": a resample of only those has p_e = 1, so kappa is 0/0 there
    const table = [
      ['a', 'a'],
      ['a', 'a'],
      ['a', 'a'],
      ['a', 'b'],
      ['b', 'a'],
      ['b', 'b'],
    ];
    const s = agreementSummary(table, 'nominal', { seed: 3, replicates: 1000 });
    const used = s.bootstrap.resamples_used.fleiss_kappa;
    expect(used).toBeLessThan(1000);
    expect(used).toBeGreaterThan(500);
    expect(s.bootstrap.resamples_used.percent_agreement).toBe(1000);
    expect(s.bootstrap.replicates).toBe(1000);
  });

  it('every null value and every null interval has its reason, on many random tables', () => {
    for (let seed = 0; seed < 60; seed++) {
      const raters = 2 + (seed % 3);
      const table = randomTable(
        100 + seed,
        2 + (seed % 7),
        raters,
        seed % 2 ? ['x', 'y'] : [1, 2, 3],
        0.2 + (seed % 5) / 10,
      );
      const s = agreementSummary(table, seed % 2 ? 'nominal' : 'ordinal', { seed, replicates: 100 });
      for (const name of SUMMARY_STATISTICS) {
        if (s[name] === null) expect(s.undefined_reasons[name], `${seed} ${name}`).toBeTruthy();
        if (s.ci95[name] === null) expect(s.ci95_reasons[name], `${seed} ${name}`).toBeTruthy();
        else expect(s.ci95[name]!.every(Number.isFinite), `${seed} ${name}`).toBe(true);
      }
    }
  });

  it('replicates 0 means point estimates only: every interval null with that reason, never NaN', () => {
    const s = agreementSummary(CASES[0].table, 'ordinal', { replicates: 0 });
    expect(s.gwet_ac1).not.toBeNull();
    for (const name of SUMMARY_STATISTICS) {
      expect(s.ci95[name]).toBeNull();
      expect(s.ci95_reasons[name]).toMatch(/point estimates only|undefined/);
    }
    expect(s.ci95_reasons.gwet_ac1).toMatch(/no bootstrap: 0 replicates \(point estimates only\)/);
  });

  it('rejects a negative or fractional number of replicates', () => {
    expect(() => agreementSummary(CASES[0].table, 'ordinal', { replicates: -1 })).toThrow(RangeError);
    expect(() => agreementSummary(CASES[0].table, 'ordinal', { replicates: 2.5 })).toThrow(RangeError);
  });

  it('a rater column with no rating at all is left out of n_raters and reported', () => {
    const table = CASES[0].table.map((row) => [row[0], null, row[1]]);
    const s = agreementSummary(table, 'ordinal', { replicates: 50 });
    expect(s.n_raters).toBe(2);
    expect(s.empty_rater_columns).toEqual([1]);
    // two raters remain, so Cohen's kappa is defined and equals the two-column table's
    expect(s.cohen_kappa).toBe(cohenKappa(CASES[0].table, { categories: s.categories }).value);
  });
});
