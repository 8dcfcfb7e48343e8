import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  agreementSummary,
  cohenKappa,
  fleissKappa,
  krippendorffAlpha,
  type Estimate,
} from '../../src/stats/agreement.ts';

/**
 * Reference values from independent libraries (scikit-learn, statsmodels, nltk) on seeded random
 * complete tables, written by fixtures/make-reference.py. The point estimates, and the summary that
 * `normforge agreement` prints, must equal them to 1e-13.
 */
interface Fixture {
  generated_by: string;
  tables: Array<{ ratings: number[][]; reference: Record<string, number> }>;
}

const fixture = JSON.parse(readFileSync(resolve(import.meta.dirname, 'fixtures/reference.json'), 'utf8')) as Fixture;
const TOL = 1e-13;

function close(ours: Estimate | number | null, reference: number, what: string) {
  const value = typeof ours === 'number' || ours === null ? ours : ours.value;
  expect(value, what).not.toBeNull();
  expect(Math.abs(value! - reference), `${what}: ${value} vs ${reference}`).toBeLessThan(TOL);
}

describe(`agreement statistics against ${fixture.generated_by}`, () => {
  it('has tables of 2 to 5 raters, some of them two-rater tables', () => {
    expect(fixture.tables.length).toBeGreaterThan(40);
    expect(fixture.tables.filter((t) => 'cohen_kappa' in t.reference).length).toBeGreaterThan(5);
  });

  it("Fleiss' kappa = statsmodels fleiss_kappa; Krippendorff's alpha = nltk AnnotationTask.alpha (nominal, interval)", () => {
    fixture.tables.forEach(({ ratings, reference }, i) => {
      close(fleissKappa(ratings), reference.fleiss_kappa, `table ${i} fleiss`);
      close(krippendorffAlpha(ratings, 'nominal'), reference.alpha_nominal, `table ${i} alpha nominal`);
      close(krippendorffAlpha(ratings, 'interval'), reference.alpha_interval, `table ${i} alpha interval`);
    });
  });

  it("Cohen's kappa = scikit-learn cohen_kappa_score, unweighted and linear/quadratic weighted", () => {
    fixture.tables.forEach(({ ratings, reference }, i) => {
      if (reference.cohen_kappa === undefined) return;
      close(cohenKappa(ratings), reference.cohen_kappa, `table ${i} cohen`);
      if (reference.cohen_kappa_linear !== undefined)
        close(cohenKappa(ratings, { weights: 'linear' }), reference.cohen_kappa_linear, `table ${i} cohen linear`);
      if (reference.cohen_kappa_quadratic !== undefined)
        close(
          cohenKappa(ratings, { weights: 'quadratic' }),
          reference.cohen_kappa_quadratic,
          `table ${i} cohen quadratic`,
        );
    });
  });

  it('the summary (what `normforge agreement` prints) carries the same values', () => {
    fixture.tables.forEach(({ ratings, reference }, i) => {
      const s = agreementSummary(ratings, 'interval', { replicates: 0 });
      close(s.fleiss_kappa, reference.fleiss_kappa, `table ${i} summary fleiss`);
      close(s.krippendorff_alpha, reference.alpha_interval, `table ${i} summary alpha`);
      if (reference.cohen_kappa !== undefined) close(s.cohen_kappa, reference.cohen_kappa, `table ${i} summary cohen`);
    });
  });
});
