import { describe, expect, it } from 'vitest';
import { wilson } from '../../src/stats/proportions.ts';
import { readFileSync } from 'node:fs';
import { contingency, cramersV } from '../../src/stats/association.ts';
import { chiSquareSurvival } from '../../src/stats/chi-square.ts';
import { pairedBootstrap, quantileSorted } from '../../src/stats/bootstrap.ts';
import { alignmentMetrics, pairRates, pearson } from '../../src/stats/alignment.ts';

describe('Wilson score interval', () => {
  // Newcombe (1998), Statistics in Medicine 17:857-872, Table II, method 3 (score, no continuity correction).
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0.0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i/%i matches Newcombe 1998', (x, n, low, high) => {
    const w = wilson(x, n);
    expect(w.low).toBeCloseTo(low, 4);
    expect(w.high).toBeCloseTo(high, 4);
  });

  it('bounds are where the score test is exactly at z (independent inversion by bisection)', () => {
    const x = 37;
    const n = 90;
    const p = x / n;
    const score = (q: number) => Math.abs(p - q) / Math.sqrt((q * (1 - q)) / n) - 1.959963984540054;
    const bisect = (lo: number, hi: number) => {
      for (let i = 0; i < 200; i++) {
        const mid = (lo + hi) / 2;
        if (Math.sign(score(mid)) === Math.sign(score(lo))) lo = mid;
        else hi = mid;
      }
      return (lo + hi) / 2;
    };
    const w = wilson(x, n);
    expect(w.low).toBeCloseTo(bisect(1e-9, p), 9);
    expect(w.high).toBeCloseTo(bisect(p, 1 - 1e-9), 9);
  });

  it('has no interval without observations', () => {
    expect(wilson(0, 0).rate).toBeNull();
  });
});

describe("Cramér's V", () => {
  it('equals |phi| on a 2x2 table', () => {
    const [a, b, c, d] = [30, 10, 15, 45];
    const phi = (a * d - b * c) / Math.sqrt((a + b) * (c + d) * (a + c) * (b + d));
    expect(
      cramersV([
        [a, b],
        [c, d],
      ]).cramersV,
    ).toBeCloseTo(Math.abs(phi), 12);
  });

  it('matches chi-square computed as N(sum O^2/(R*C) - 1) on a 3x4 table', () => {
    const t = [
      [12, 5, 7, 9],
      [3, 14, 6, 2],
      [8, 8, 20, 4],
    ];
    const R = t.map((r) => r.reduce((s, v) => s + v, 0));
    const C = t[0].map((_, j) => t.reduce((s, r) => s + r[j], 0));
    const N = R.reduce((s, v) => s + v, 0);
    let sum = 0;
    t.forEach((r, i) => r.forEach((o, j) => (sum += (o * o) / (R[i] * C[j]))));
    const chi = N * (sum - 1);
    const res = cramersV(t);
    expect(res.chiSquare).toBeCloseTo(chi, 9);
    expect(res.cramersV).toBeCloseTo(Math.sqrt(chi / (N * 2)), 12);
  });

  it('gives the chi-square test of independence as scipy.stats.chi2_contingency (correction=False) does', () => {
    // scipy 1.17.1: statistic 24.03552652568727, p 0.0005144577602810003, dof 6; and 24.242424242424242, 8.494052234341352e-07, 1.
    const t = cramersV([
      [12, 5, 7, 9],
      [3, 14, 6, 2],
      [8, 8, 20, 4],
    ]);
    expect(t.df).toBe(6);
    expect(t.chiSquare).toBeCloseTo(24.03552652568727, 10);
    expect(t.pValue! / 0.0005144577602810003).toBeCloseTo(1, 10);
    const two = cramersV([
      [30, 10],
      [15, 45],
    ]);
    expect(two.df).toBe(1);
    expect(two.pValue! / 8.494052234341352e-7).toBeCloseTo(1, 10);
    expect(cramersV([[10, 20]]).pValue).toBeNull();
  });

  it('is 1 for perfect association, 0 for independence, null with one level', () => {
    expect(
      cramersV([
        [10, 0, 0],
        [0, 7, 0],
        [0, 0, 3],
      ]).cramersV,
    ).toBeCloseTo(1, 12);
    expect(
      cramersV([
        [10, 20],
        [5, 10],
      ]).cramersV,
    ).toBeCloseTo(0, 12);
    expect(cramersV([[10, 20]]).cramersV).toBeNull();
  });

  it('builds a contingency table from pairs', () => {
    const { table, rowLevels, colLevels } = contingency([
      ['x', 1],
      ['y', 1],
      ['x', 2],
      ['x', 1],
    ] as const);
    expect(rowLevels).toEqual(['x', 'y']);
    expect(colLevels).toEqual([1, 2]);
    expect(table).toEqual([
      [2, 1],
      [1, 0],
    ]);
  });
});

/** The exact bootstrap distribution of the mean, enumerating all n^n equally likely resamples. */
function exactBootstrap(diffs: number[]): number[] {
  const n = diffs.length;
  const out: number[] = [];
  const idx = new Array(n).fill(0);
  for (let k = 0; k < n ** n; k++) {
    let rest = k;
    for (let i = 0; i < n; i++) {
      idx[i] = rest % n;
      rest = Math.floor(rest / n);
    }
    out.push(idx.reduce((s, j) => s + diffs[j], 0) / n);
  }
  return out.sort((x, y) => x - y);
}

describe('paired bootstrap', () => {
  const en = [2, 1, -1, 2, 1, 2];
  const zh = [1, 1, -2, -1, 1, 2];

  it('agrees with the exact bootstrap distribution (full enumeration)', () => {
    const diffs = en.map((v, i) => v - zh[i]);
    const exact = exactBootstrap(diffs);
    const below = exact.filter((v) => v <= 0).length / exact.length;
    const above = exact.filter((v) => v >= 0).length / exact.length;
    const res = pairedBootstrap(en, zh, { resamples: 20_000, seed: 7 })!;
    expect(res.difference).toBeCloseTo(diffs.reduce((s, v) => s + v, 0) / diffs.length, 12);
    expect(res.pValue).toBeCloseTo(Math.min(1, 2 * Math.min(below, above)), 1);
    expect(Math.abs(res.ciLow - quantileSorted(exact, 0.025))).toBeLessThanOrEqual(1 / 6 + 1e-9);
    expect(Math.abs(res.ciHigh - quantileSorted(exact, 0.975))).toBeLessThanOrEqual(1 / 6 + 1e-9);
  });

  it('is reproducible for a seed and flags a clear shift', () => {
    const a = Array.from({ length: 40 }, (_, i) => (i % 4) - 1);
    const b = a.map((v) => v - 1);
    expect(pairedBootstrap(a, b, { seed: 3 })).toEqual(pairedBootstrap(a, b, { seed: 3 }));
    expect(pairedBootstrap(a, b, { seed: 3 })!.pValue).toBeLessThan(0.05);
    expect(pairedBootstrap(a, a, { seed: 3 })!.pValue).toBe(1);
  });
});

describe('human alignment metrics', () => {
  it('computes majority alignment, MAE, signed gap and uncertainty correlation', () => {
    const human = [
      ...['s1', 's1', 's1', 's1'].map((unit, i) => ({ unit, followsCulture: i < 3 })),
      ...['s2', 's2', 's2', 's2'].map((unit, i) => ({ unit, followsCulture: i < 1 })),
      ...['s3', 's3', 's3', 's3'].map((unit) => ({ unit, followsCulture: true })),
    ];
    const model = [
      ...['s1', 's1'].map((unit) => ({ unit, followsCulture: true })),
      ...['s2', 's2'].map((unit, i) => ({ unit, followsCulture: i === 0 })),
      ...['s3', 's3', 's3', 's3'].map((unit, i) => ({ unit, followsCulture: i > 0 })),
    ];
    const m = alignmentMetrics(pairRates(human, model));
    expect(m.units).toBe(3);
    expect(m.majorityUnits).toBe(2); // s2 is a model tie
    expect(m.majorityAlignment).toBe(1);
    expect(m.rateMae).toBeCloseTo((0.25 + 0.25 + 0.25) / 3, 12);
    expect(m.signedCultureGap).toBeCloseTo((0.25 + 0.25 - 0.25) / 3, 12);
    expect(m.uncertaintyCorrelation).toBeCloseTo(pearson([0.75, 0.75, 1], [1, 0.5, 0.75])!, 12);
  });
});

describe('chi-square survival function', () => {
  // test/fixtures/chi2-sf-scipy.json is written by scripts/reference/chi2-sf.py (scipy.stats.chi2.sf).
  const reference: { cases: Array<{ x: number; df: number; sf: number }> } = JSON.parse(
    readFileSync(new URL('../fixtures/chi2-sf-scipy.json', import.meta.url), 'utf8'),
  );

  it('matches scipy.stats.chi2.sf to 1e-12 relative on 120 (x, df) pairs, from 1e-30 tails to near 1', () => {
    expect(reference.cases).toHaveLength(120);
    for (const { x, df, sf } of reference.cases)
      expect(Math.abs(chiSquareSurvival(x, df) - sf) / sf, `x=${x} df=${df}`).toBeLessThan(1e-12);
  });

  it('gives the textbook critical values their 5% and 1% tails', () => {
    // χ² table: 3.841 (df 1), 5.991 (df 2), 18.307 (df 10) at 0.05; 6.635 (df 1), 23.209 (df 10) at 0.01.
    expect(chiSquareSurvival(3.841458820694124, 1)).toBeCloseTo(0.05, 12);
    expect(chiSquareSurvival(5.991, 2)).toBeCloseTo(0.05, 4);
    expect(chiSquareSurvival(18.307, 10)).toBeCloseTo(0.05, 4);
    expect(chiSquareSurvival(6.635, 1)).toBeCloseTo(0.01, 4);
    expect(chiSquareSurvival(23.209, 10)).toBeCloseTo(0.01, 4);
    expect(chiSquareSurvival(0, 3)).toBe(1);
  });
});
