import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readHumanResponses } from '../../src/evaluation/human-data.ts';
import { pactHumanAlignment } from '../../src/evaluation/pact-human-alignment.ts';
import { HumanResponseRowSchema, type HumanResponseRow, type PactDecision } from '../../src/evaluation/records.ts';
import { decisionFixture } from './pact-decision-fixture.ts';

const EXAMPLE = resolve(import.meta.dirname, '../../examples/eval/pact-human-responses.csv');

const human = (
  scenario_id: string,
  respondent_country: string,
  personal: 'A' | 'B',
  age = 'younger',
  gender = 'female',
): HumanResponseRow =>
  HumanResponseRowSchema.parse({
    scenario_item_id: scenario_id,
    respondent_country,
    human_personal: personal,
    human_norm: 'A',
    respondent_age_bucket: age,
    respondent_gender: gender,
  });
const answer = (scenario_id: string, decision: PactDecision['decision'], persona: PactDecision['persona'] = null) =>
  decisionFixture({ scenario_id, question: 'personal', persona, decision });

describe('PACT human alignment, the authors’ way', () => {
  it('the shipped illustrative example reads in our documented layout, with several respondent countries', async () => {
    const rows = await readHumanResponses(EXAMPLE);
    expect(rows.length).toBeGreaterThan(20);
    expect(new Set(rows.map((r) => r.respondent_country))).toEqual(new Set(['IN', 'JP', 'US']));
  });

  it('counts model answer rows against the human majority: a tie is the culture option, an unparseable answer a miss (the scenario-level variant differs)', () => {
    // Humans split 2–2 on "a": the majority is A. The model answers A, B and something unparseable.
    const humans = [human('a', 'US', 'A'), human('a', 'US', 'B'), human('a', 'JP', 'A'), human('a', 'JP', 'B')];
    const decisions = [answer('a', 'FOLLOW_CULTURE'), answer('a', 'ALLOW_PREFERENCE'), answer('a', 'UNKNOWN')];
    const result = pactHumanAlignment(decisions, humans);
    const all = result.authors.find((r) => r.question === 'personal' && !r.persona && r.respondents === 'all')!.metrics;
    expect(all.majorityChoiceAlignment).toBeCloseTo(1 / 3, 12);
    // |1 − 0.5| and |0 − 0.5| over the two valid rows.
    expect(all.distributionalMae).toBeCloseTo(0.5, 12);
    expect(all.signedCultureRateGap).toBeCloseTo(0, 12);
    // normforge's scenario-level view: the pooled model rate ties, so no majority; rates equal, MAE 0.
    const item = result.itemLevel.find(
      (r) => r.question === 'personal' && !r.persona && r.respondents === 'all',
    )!.metrics;
    expect(item.majorityAlignment).toBeNull();
    expect(item.rateMae).toBe(0);
  });

  it('compares a persona run with its own respondent subgroup (country, age group, gender), a no-persona run with all respondents', () => {
    const humans = [
      human('a', 'US', 'B', 'younger', 'female'),
      human('a', 'US', 'A', 'older', 'male'),
      human('a', 'JP', 'A', 'younger', 'female'),
      human('a', 'JP', 'A', 'older', 'male'),
    ];
    const persona = { country: 'US', age: 'younger', gender: 'female' };
    const decisions = [answer('a', 'ALLOW_PREFERENCE', persona), answer('a', 'ALLOW_PREFERENCE')];
    const rows = pactHumanAlignment(decisions, humans).authors.filter((r) => r.question === 'personal');
    const row = (isPersona: boolean, respondents: string) =>
      rows.find((r) => r.persona === isPersona && r.respondents === respondents)!.metrics;
    expect(row(true, 'US|younger|female')).toMatchObject({
      majorityChoiceAlignment: 1,
      distributionalMae: 0,
      signedCultureRateGap: 0,
    });
    expect(row(true, 'all')).toMatchObject({ majorityChoiceAlignment: 1, modelRows: 1 });
    // Without persona the same answer meets all respondents: 3 of 4 follow the culture.
    expect(row(false, 'all')).toMatchObject({
      majorityChoiceAlignment: 0,
      distributionalMae: 0.75,
      signedCultureRateGap: -0.75,
    });
    expect(row(false, 'JP')).toMatchObject({ majorityChoiceAlignment: 0, distributionalMae: 1 });
  });

  it('reads anything but A/B (or our two words) as a missing answer, as the authors code it', () => {
    const row = HumanResponseRowSchema.parse({
      scenario_id: 'x',
      respondent_country: 'US',
      personal_choice: 'C',
      norm_judgment: 'follow culture',
    });
    expect(row).toMatchObject({ personal_choice: null, norm_judgment: 'FOLLOW_CULTURE', respondent_age: null });
  });
});
