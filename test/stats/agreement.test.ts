import { describe, expect, it } from 'vitest';
import {
  agreementSummary,
  bootstrapCi,
  brennanPrediger,
  cohenKappa,
  fleissKappa,
  gwetAc,
  krippendorffAlpha,
  pairwiseMae,
  percentAgreement,
  specificAgreement,
  type RatingsMatrix,
} from '../../src/stats/agreement.ts';

const TOL = 4; // toBeCloseTo(x, 4): |diff| < 5e-5, i.e. within 1e-4

/**
 * Krippendorff, K. (2011) "Computing Krippendorff's Alpha-Reliability", example C (4 observers,
 * 12 units, values 1–5, missing data) — the same table as irrCAC's `cac.raw4raters`
 * (Gwet 2014, Handbook of Inter-Rater Reliability). Rows = units, columns = observers A–D.
 */
const KRIPP: RatingsMatrix = [
  [1, 1, null, 1],
  [2, 2, 3, 2],
  [3, 3, 3, 3],
  [3, 3, 3, 3],
  [2, 2, 2, 2],
  [1, 2, 3, 4],
  [4, 4, 4, 4],
  [1, 1, 2, 1],
  [2, 2, 2, 2],
  [null, 5, 5, 5],
  [null, null, 1, 1],
  [null, 3, null, null],
];

describe("Krippendorff's 2011 example C / irrCAC cac.raw4raters (missing ratings)", () => {
  it('alpha nominal .743, ordinal .815, interval .849 (Krippendorff 2011)', () => {
    expect(krippendorffAlpha(KRIPP, 'nominal').value).toBeCloseTo(0.743421, TOL);
    expect(krippendorffAlpha(KRIPP, 'ordinal').value).toBeCloseTo(0.815388, TOL);
    expect(krippendorffAlpha(KRIPP, 'interval').value).toBeCloseTo(0.849107, TOL);
  });

  it("Gwet's AC1 = 0.7754, percent agreement 0.8182, Brennan–Prediger 0.7727 (irrCAC README)", () => {
    expect(gwetAc(KRIPP).value).toBeCloseTo(0.775444, TOL);
    expect(percentAgreement(KRIPP).value).toBeCloseTo(0.818182, TOL);
    expect(brennanPrediger(KRIPP).value).toBeCloseTo(0.772727, TOL);
  });

  it('weighted AC2 and Fleiss follow the irrCAC formulas (cross-checked by an independent stdlib script)', () => {
    expect(gwetAc(KRIPP, { weights: 'linear' }).value).toBeCloseTo(0.858739, TOL);
    expect(gwetAc(KRIPP, { weights: 'quadratic' }).value).toBeCloseTo(0.914001, TOL);
    expect(gwetAc(KRIPP, { weights: 'ordinal' }).value).toBeCloseTo(0.89894, TOL);
    expect(percentAgreement(KRIPP, { weights: 'quadratic' }).value).toBeCloseTo(0.975379, TOL);
    expect(fleissKappa(KRIPP).value).toBeCloseTo(0.761169, TOL);
  });
});

describe('Krippendorff 2011 example A (two observers, binary, complete data)', () => {
  it('alpha nominal = 0.095', () => {
    const a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0];
    const b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0];
    expect(
      krippendorffAlpha(
        a.map((x, i) => [x, b[i]]),
        'nominal',
      ).value,
    ).toBeCloseTo(0.095238, TOL);
  });
});

/** Fleiss (1971) kappa, the worked example on Wikipedia "Fleiss' kappa": 10 subjects, 14 raters, 5 categories, κ = 0.210. */
describe("Fleiss' kappa, Wikipedia worked example (complete data)", () => {
  const counts = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
  ];
  const matrix = counts.map((row) => row.flatMap((n, k) => Array<number>(n).fill(k + 1)));

  it('kappa = 0.20993 (P̄ = 0.378, P̄e = 0.213)', () => {
    expect(fleissKappa(matrix).value).toBeCloseTo(0.209931, TOL);
    expect(percentAgreement(matrix).value).toBeCloseTo(0.378022, TOL);
  });
});

/** Cohen's kappa, the textbook 2×2 example (Wikipedia "Cohen's kappa"): 50 proposals, p_o = 0.7, p_e = 0.5, κ = 0.4. */
describe("Cohen's kappa", () => {
  const rows = (n: number, a: string | null, b: string | null) => Array.from({ length: n }, () => [a, b]);
  const table = [...rows(20, 'yes', 'yes'), ...rows(5, 'yes', 'no'), ...rows(10, 'no', 'yes'), ...rows(15, 'no', 'no')];

  it('kappa = 0.4 on the textbook table', () => {
    expect(cohenKappa(table).value).toBeCloseTo(0.4, TOL);
  });

  it("with missing ratings uses each rater's own marginals (irrCAC's two-rater Conger/Cohen kappa)", () => {
    // p_a = 35/50; p_e = (29·30 + 25·22) / (54·52): rater A rated 54 items, rater B 52
    const withMissing = [...table, ...rows(4, 'yes', null), ...rows(2, null, 'no')];
    expect(cohenKappa(withMissing).value).toBeCloseTo((35 / 50 - 1420 / 2808) / (1 - 1420 / 2808), 10);
    expect(cohenKappa(withMissing).value).toBeCloseTo(0.393084, TOL);
  });

  /**
   * Gwet's Ben/Gerry data (12 units, Gerry's rating of unit 10 missing) as shipped with irrCAC
   * (afergadis/irrCAC `irrCAC/datasets.py` raw_ben_gerry); irrCAC's Conger's kappa — Cohen's kappa
   * for two raters — is 0.657 with p_a 0.727 and p_e 0.205 (test/unit/irrCAC/raw/test_conger.py).
   * Exactly: p_a = 8/11, p_e = 27/132, κ = 69/105.
   */
  it("equals irrCAC on Gwet's Ben/Gerry data with a missing rating", () => {
    const ben = ['a', 'a', 'b', 'b', 'd', 'c', 'c', 'c', 'e', 'd', 'd', 'a'];
    const gerry = ['b', 'a', 'b', 'b', 'b', 'c', 'c', 'c', 'e', null, 'd', 'd'];
    const kappa = cohenKappa(ben.map((b, i) => [b, gerry[i]])).value!;
    expect(kappa).toBeCloseTo(69 / 105, 10);
    expect(Math.round(kappa * 1000) / 1000).toBe(0.657);
  });

  it('is undefined, with a reason, for anything but two raters', () => {
    const est = cohenKappa([[1, 1, 1]]);
    expect(est.value).toBeNull();
    expect(est.reason).toMatch(/two raters/);
  });
});

describe('degenerate input', () => {
  const allYes: RatingsMatrix = [
    ['yes', 'yes', 'yes'],
    ['yes', 'yes', null],
    ['yes', 'yes', 'yes'],
  ];

  it('kappa-type coefficients are undefined with a reason, not 0 or NaN, when every rating is one category', () => {
    for (const est of [
      fleissKappa(allYes),
      krippendorffAlpha(allYes, 'nominal'),
      cohenKappa(allYes.map((r) => r.slice(0, 2))),
    ]) {
      expect(est.value).toBeNull();
      expect(est.reason).toBeTruthy();
    }
    expect(gwetAc(allYes).value).toBeNull();
  });

  it('AC1 and PABAK are 1 when the category set is known and raters agree perfectly on one category', () => {
    expect(gwetAc(allYes, { categories: ['yes', 'no'] }).value).toBe(1);
    expect(brennanPrediger(allYes, { categories: ['yes', 'no'] }).value).toBe(1);
  });

  it('observed agreement is undefined when no item has two ratings', () => {
    expect(
      percentAgreement([
        ['a', null],
        [null, 'b'],
      ]).reason,
    ).toMatch(/two or more raters/);
  });

  it('rejects a rating outside the given categories', () => {
    expect(() => gwetAc([['yes', 'maybe']], { categories: ['yes', 'no'] })).toThrow(/maybe/);
  });
});

describe('positive agreement and MAE', () => {
  it('positive agreement is 2a/(2a+b+c) for two raters', () => {
    const m = [
      ...Array(20).fill(['y', 'y']),
      ...Array(5).fill(['y', 'n']),
      ...Array(10).fill(['n', 'y']),
      ...Array(15).fill(['n', 'n']),
    ];
    expect(specificAgreement(m, 'y').value).toBeCloseTo(40 / 55, 10);
    expect(specificAgreement(m, 'n').value).toBeCloseTo(30 / 45, 10);
  });

  it('pairwise MAE averages the per-pair MAEs over shared items', () => {
    const res = pairwiseMae([
      [1, 2, null],
      [2, 2, -1],
      [-2, null, -2],
    ]);
    // pairs: (0,1): |1-2|,|2-2| → 0.5; (0,2): |2+1|,|−2+2| → 1.5; (1,2): |2+1| → 3
    expect(res.pairs.map((p) => p.mae)).toEqual([0.5, 1.5, 3]);
    expect(res.value).toBeCloseTo(5 / 3, 10);
  });
});

describe('bootstrap intervals and the summary', () => {
  it('are reproducible with a seed and contain the estimate', () => {
    const a = agreementSummary(KRIPP, 'ordinal', { seed: 7, replicates: 300 });
    const b = agreementSummary(KRIPP, 'ordinal', { seed: 7, replicates: 300 });
    expect(a.ci95).toEqual(b.ci95);
    const [lo, hi] = a.ci95.gwet_ac1!;
    expect(lo).toBeLessThanOrEqual(a.gwet_ac1!);
    expect(hi).toBeGreaterThanOrEqual(lo);
    expect(a.n_items).toBe(12);
    expect(a.n_raters).toBe(4);
    expect(a.cohen_kappa).toBeNull();
    expect(a.krippendorff_alpha).toBeCloseTo(0.815388, TOL);
  });

  it('nominal scale leaves the weighted AC2 undefined, with a reason', () => {
    const s = agreementSummary(KRIPP, 'nominal', { replicates: 50 });
    expect(s.gwet_ac2_linear).toBeNull();
    expect(s.undefined_reasons.gwet_ac2_linear).toMatch(/nominal/);
  });

  it('an interval is undefined when there are too few items', () => {
    expect(bootstrapCi([[1, 1]], (m) => percentAgreement(m)).low).toBeNull();
  });
});
