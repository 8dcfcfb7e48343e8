import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readHumanResponses } from '../../src/eval/human-data.ts';
import { pactAlignment } from '../../src/eval/pact-alignment.ts';
import type { HumanResponseRow, PactDecision } from '../../src/eval/records.ts';

const EXAMPLE = resolve(import.meta.dirname, '../../examples/eval/pact-human-responses.csv');

function decision(scenario: string, demographics: PactDecision['demographics'], decision: PactDecision['decision']): PactDecision {
  return {
    instance_id: `${scenario}:${demographics}`, scenario_id: scenario, model: 'm', condition: `no-balance/${demographics}`, system_prompt: 'no-balance', demographics,
    configuration: null, relation: 'same', source: 'normad', actor_country: 'JP', receiver_country: 'JP', receiver_region: 'Asia', culture_option: 'A',
    run: 0, decision, error: null, cache_key: 'k', prompt_version: 'v', simulated: true,
  };
}

const human = (scenario_id: string, respondent_country: string, follows: boolean): HumanResponseRow => ({
  scenario_id, respondent_country, personal_choice: follows ? 'FOLLOW_CULTURE' : 'ALLOW_PREFERENCE', norm_judgment: 'FOLLOW_CULTURE',
});

describe('PACT human alignment', () => {
  it('the shipped illustrative example reads in the documented layout, with several respondent countries', async () => {
    const rows = await readHumanResponses(EXAMPLE);
    expect(rows.length).toBeGreaterThan(20);
    expect(new Set(rows.map((r) => r.respondent_country))).toEqual(new Set(['IN', 'JP', 'US']));
    expect(rows.every((r) => /^(normad|cultureatlas):\d+$/.test(r.scenario_id))).toBe(true);
  });

  it('compares each respondent country on its own besides all respondents pooled', () => {
    const humans = ['a', 'b', 'c'].flatMap((s) => [human(s, 'US', false), human(s, 'US', false), human(s, 'JP', true), human(s, 'JP', true)]);
    const decisions = ['a', 'b', 'c'].flatMap((s) => [decision(s, 'full_demo', 'FOLLOW_CULTURE'), decision(s, 'age_only', 'FOLLOW_CULTURE'), decision(s, 'no_demo', 'ALLOW_PREFERENCE')]);
    const rows = pactAlignment(decisions, humans).filter((r) => r.target === 'personal_choice');
    const row = (persona: boolean, country: string | null) => rows.find((r) => r.persona === persona && r.respondent_country === country)!.metrics;
    expect(row(true, 'JP')).toMatchObject({ units: 3, majorityAlignment: 1, rateMae: 0, signedCultureGap: 0 });
    expect(row(true, 'US')).toMatchObject({ units: 3, majorityAlignment: 0, rateMae: 1, signedCultureGap: 1 });
    // Pooled, the humans split evenly: no majority to match, half a rate off.
    expect(row(true, null)).toMatchObject({ units: 3, majorityAlignment: null, majorityUnits: 0, rateMae: 0.5 });
    // Without persona only the no_demo answers count (all allow preference).
    expect(row(false, 'JP')).toMatchObject({ majorityAlignment: 0, signedCultureGap: -1 });
  });
});
