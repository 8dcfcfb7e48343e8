import { describe, expect, it } from 'vitest';
import { authorsRow, decisionFromAuthorsRow } from '../../src/evaluation/pact-export.ts';
import { decisionFixture } from './pact-decision-fixture.ts';

describe('decisions in the authors’ column layout', () => {
  it('writes their vocabulary and reads it back as the same decisions', () => {
    const decisions = [
      decisionFixture({
        model: 'm',
        system_prompt: 'balance',
        demographics: 'age_only',
        configuration: 'C3',
        decision: 'ALLOW_PREFERENCE',
        culture_option: 'B',
        preference_type: 'habit',
      }),
      decisionFixture({
        model: 'm',
        question: 'norm',
        persona: { country: 'IN', age: 'older', gender: 'female' },
        decision: 'FOLLOW_CULTURE',
      }),
      decisionFixture({ model: 'm', question: 'personal', decision: 'UNKNOWN', run: 2 }),
    ];
    const rows = decisions.map(authorsRow);
    expect(rows[0]).toMatchObject({
      eval_prompt_condition: 'balance',
      eval_pref_config: 'both_prefs',
      eval_demo_config: 'age_only',
      eval_decision: 'ALLOW_PREFERENCE',
      option_position: 'B',
    });
    expect(rows[1]).toMatchObject({
      response_type: 'norm',
      persona_setting: 'persona',
      persona_country: 'IN',
      persona_demo: 'older female',
      llm_choice: 'A',
    });
    expect(rows[2]).toMatchObject({ persona_setting: 'no_persona', llm_choice: '' });
    const back = rows.map((r, i) =>
      decisionFromAuthorsRow(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, String(v)])), i),
    );
    const fields = [
      'model',
      'question',
      'persona',
      'system_prompt',
      'demographics',
      'configuration',
      'decision',
      'actor_region',
      'receiver_age',
      'culture_option',
      'preference_type',
      'run',
    ] as const;
    back.forEach((d, i) => fields.forEach((f) => expect(d[f], `${i} ${f}`).toEqual(decisions[i][f])));
  });

  it('reads a row of the authors’ own evaluation file (nobalance, both_prefs, source spellings)', () => {
    const d = decisionFromAuthorsRow(
      {
        eval_model: 'llama',
        eval_decision: 'allow_preference',
        eval_pref_config: 'both_prefs',
        eval_demo_config: 'full_demo',
        eval_prompt_condition: 'nobalance',
        dataset: 'normad',
        source_row: '12',
        scenario_type: 'far',
        base_country: 'india',
        actor_country: 'canada',
        receiver_country: 'india',
        actor_age: 'younger',
        actor_gender: 'female',
        receiver_age: 'older',
        receiver_gender: 'male',
      },
      0,
    );
    expect(d).toMatchObject({
      configuration: 'C3',
      system_prompt: 'no-balance',
      decision: 'ALLOW_PREFERENCE',
      actor_country: 'CA',
      actor_region: 'Americas',
      receiver_country: 'IN',
      scenario_id: 'normad:12',
      question: 'decision',
    });
  });
});
