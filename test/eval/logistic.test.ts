import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/io/csv.ts';
import { dropOneDeviance, fitLogistic, groupPatterns } from '../../src/stats/logistic.ts';

/** data.csv and expected.json were written once by test/fixtures/logistic/check_statsmodels.py (statsmodels GLM Binomial). */
const DIR = resolve(import.meta.dirname, '../fixtures/logistic');
const expected = JSON.parse(readFileSync(resolve(DIR, 'expected.json'), 'utf8')) as {
  deviance: number;
  nullDeviance: number;
  params: Record<string, number>;
  bse: Record<string, number>;
  dropOne: Record<string, number>;
};
const FACTORS = [
  'country',
  'actor_age',
  'receiver_age',
  'actor_gender',
  'receiver_gender',
  'relation',
  'configuration',
];
const TERMS = {
  country: ['country'],
  age: ['actor_age', 'receiver_age'],
  gender: ['actor_gender', 'receiver_gender'],
  relation: ['relation'],
  configuration: ['configuration'],
};

async function patterns() {
  const rows: Array<{ levels: string[]; success: boolean }> = [];
  for await (const { values } of readCsv(resolve(DIR, 'data.csv')))
    rows.push({ levels: FACTORS.map((f) => values[f]), success: values.success === '1' });
  return groupPatterns(rows);
}

describe('logistic regression by IRLS on covariate patterns, checked against statsmodels', () => {
  it('coefficients, standard errors, deviance and null deviance equal statsmodels GLM Binomial', async () => {
    const fit = fitLogistic(await patterns(), FACTORS);
    expect(fit.converged).toBe(true);
    expect(fit.deviance).toBeCloseTo(expected.deviance, 6);
    expect(fit.nullDeviance).toBeCloseTo(expected.nullDeviance, 6);
    expect(fit.coefficients.map((c) => c.term).sort()).toEqual(Object.keys(expected.params).sort());
    for (const c of fit.coefficients) {
      expect(c.estimate, c.term).toBeCloseTo(expected.params[c.term], 6);
      expect(c.se!, c.term).toBeCloseTo(expected.bse[c.term], 6);
    }
  });

  it('drop-one deviance of each term (age and gender each span actor and receiver) equals statsmodels', async () => {
    const { terms } = dropOneDeviance(await patterns(), FACTORS, TERMS);
    for (const t of terms) expect(t.deviance, t.term).toBeCloseTo(expected.dropOne[t.term], 5);
    expect(terms.find((t) => t.term === 'age')!.df).toBe(2);
    expect(terms.find((t) => t.term === 'country')!.df).toBe(5);
  });

  it('an aliased factor (a copy of another) gets no coefficient and leaves the deviance unchanged', async () => {
    const base = await patterns();
    const copied = base.map((p) => ({ ...p, levels: [...p.levels, p.levels[5]] }));
    const fit = fitLogistic(copied, [...FACTORS, 'relation_copy']);
    expect(fit.deviance).toBeCloseTo(expected.deviance, 6);
    expect(fit.coefficients.filter((c) => c.se === null).length).toBe(2);
  });
});
