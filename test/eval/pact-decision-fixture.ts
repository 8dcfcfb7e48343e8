import type { PactDecision } from '../../src/evaluation/records.ts';

/** A PACT decision with neutral strata, overridden by what a test cares about. */
export function decisionFixture(over: Partial<PactDecision>): PactDecision {
  const d: PactDecision = {
    instance_id: over.scenario_id ?? 'i',
    scenario_id: 'i',
    model: 'm',
    question: 'decision',
    persona: null,
    condition: 'no-balance/full_demo',
    system_prompt: 'no-balance',
    demographics: 'full_demo',
    configuration: null,
    relation: 'same',
    source: 'normad',
    preference_type: null,
    actor_country: 'JP',
    actor_region: 'Asia',
    actor_age: 'younger',
    actor_gender: 'female',
    receiver_country: 'JP',
    receiver_region: 'Asia',
    receiver_age: 'older',
    receiver_gender: 'male',
    culture_option: 'A',
    run: 0,
    decision: 'FOLLOW_CULTURE',
    error: null,
    cache_key: 'k',
    prompt_version: 'v',
    simulated: true,
  };
  return {
    ...d,
    ...over,
    condition: `${over.system_prompt ?? d.system_prompt}/${over.demographics ?? d.demographics}`,
  };
}
