import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/io/csv.ts';
import { readHumanResponses } from '../../src/evaluation/human-data.ts';
import { pactHumanAlignment } from '../../src/evaluation/pact-human-alignment.ts';
import type { PactDecision } from '../../src/evaluation/records.ts';
import { decisionFixture } from './pact-decision-fixture.ts';

/**
 * Our own fixture (test/fixtures/pact-metrics: 30 scenarios, 5 respondent countries × 10
 * respondents, both questions, persona and no-persona runs, ties and unparseable answers), whose
 * expected values were computed once by an independent pandas script (compute_expected.py) with the
 * authors' definitions and committed as expected.json.
 */
const DIR = resolve(import.meta.dirname, '../fixtures/pact-metrics');
const expected = JSON.parse(readFileSync(resolve(DIR, 'expected.json'), 'utf8')) as {
  alignment: Array<Record<string, number | string | boolean>>;
  uncertainty: Array<Record<string, number | string | boolean>>;
};

async function modelDecisions(): Promise<PactDecision[]> {
  const out: PactDecision[] = [];
  for await (const { values: v } of readCsv(resolve(DIR, 'model_answers.csv'))) {
    const persona =
      v.persona_setting === 'persona'
        ? { country: v.persona_country, age: v.persona_age, gender: v.persona_gender }
        : null;
    for (const question of ['personal', 'norm'] as const) {
      const letter = v[`llm_${question}`];
      const decision = letter === 'A' ? 'FOLLOW_CULTURE' : letter === 'B' ? 'ALLOW_PREFERENCE' : 'UNKNOWN';
      out.push(
        decisionFixture({
          model: v.model_tag,
          scenario_id: v.scenario_item_id,
          question,
          persona,
          run: Number(v.run),
          decision,
        }),
      );
    }
  }
  return out;
}

const METRICS = [
  'majorityChoiceAlignment',
  'distributionalMae',
  'signedCultureRateGap',
  'humanCultureRate',
  'modelCultureRate',
] as const;

describe('the authors’ alignment metrics on our fixture equal an independent pandas computation', () => {
  it('reads the authors’ human layout (scenario_item_id, A/B answers, age bucket) and has ties and missing answers', async () => {
    const humans = await readHumanResponses(resolve(DIR, 'human_responses.csv'));
    expect(humans).toHaveLength(1500);
    expect(new Set(humans.map((h) => h.respondent_country)).size).toBe(5);
    expect(humans.some((h) => h.personal_choice === null)).toBe(true);
    expect(humans[0]).toMatchObject({
      scenario_id: 'item00',
      respondent_age: 'older',
      respondent_gender: 'male',
      personal_choice: 'FOLLOW_CULTURE',
    });
  });

  it('majority-choice alignment, distributional MAE, signed gap and rates, every model × question × persona × respondent group, to 1e-9', async () => {
    const humans = await readHumanResponses(resolve(DIR, 'human_responses.csv'));
    const result = pactHumanAlignment(await modelDecisions(), humans);
    expect(result.authors).toHaveLength(expected.alignment.length);
    for (const want of expected.alignment) {
      const got = result.authors.find(
        (r) =>
          r.model === want.model &&
          r.question === want.question &&
          r.persona === want.persona &&
          r.respondents === want.respondents,
      );
      const label = `${want.model} ${want.question} persona=${want.persona} ${want.respondents}`;
      expect(got, label).toBeDefined();
      expect(got!.metrics.modelRows, label).toBe(want.modelRows);
      expect(got!.metrics.items, label).toBe(want.items);
      for (const m of METRICS) expect(Math.abs(got!.metrics[m]! - Number(want[m])), `${label} ${m}`).toBeLessThan(1e-9);
    }
  });

  it('uncertainty alignment (Pearson r of majority agreement over items) to 1e-9', async () => {
    const humans = await readHumanResponses(resolve(DIR, 'human_responses.csv'));
    const result = pactHumanAlignment(await modelDecisions(), humans);
    expect(result.uncertainty).toHaveLength(expected.uncertainty.length);
    for (const want of expected.uncertainty) {
      const got = result.uncertainty.find(
        (r) => r.model === want.model && r.question === want.question && r.persona === want.persona,
      )!;
      expect(got.metrics.items).toBe(want.items);
      for (const m of ['correlation', 'meanModelMajorityAgreement', 'meanHumanMajorityAgreement'] as const)
        expect(Math.abs(got.metrics[m]! - Number(want[m]))).toBeLessThan(1e-9);
    }
  });
});
