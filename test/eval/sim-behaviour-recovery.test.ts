import { describe, expect, it } from 'vitest';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { renderPrompt } from '../../src/llm/prompts.ts';
import { SIM_PROFILES, simProfile } from '../../src/llm/sim/profiles.ts';
import { evalPactTask } from '../../src/llm/sim/tasks/eval-pact.ts';
import { countryByIso2 } from '../../src/pact/countries.ts';
import { demographicDeltas, regionShifts } from '../../src/evaluation/pact-behaviour.ts';
import { pactRegressions } from '../../src/evaluation/pact-regression.ts';
import { pactDecisionOf, promptVars, type EvalPactItem } from '../../src/evaluation/pact-items.ts';
import type { PactDecision } from '../../src/evaluation/records.ts';
import { decisionFixture } from './pact-decision-fixture.ts';

const MODELS = Object.keys(SIM_PROFILES);
const RECEIVERS = ['FR', 'DE', 'KE', 'NG', 'JP', 'IN', 'BR', 'US', 'AU', 'NZ'];
const PER_MODEL = 8000;
const rng = xoroshiro128plus(2323);

function item(i: number): EvalPactItem {
  const receiver = RECEIVERS[i % RECEIVERS.length];
  const actor = RECEIVERS[(i * 7 + 3) % RECEIVERS.length];
  const [culture, preference] = [
    `bring a small gift for the hosts, case ${i}`,
    `arrive with empty hands as usual, case ${i}`,
  ];
  const cultureFirst = (i >> 4) % 2 === 0;
  return {
    instance_id: `i${i}`,
    scenario_id: `s${i % 400}`,
    source: 'normad',
    configuration: (['C1', 'C2', 'C3'] as const)[i % 3],
    relation: actor === receiver ? 'same' : 'far',
    preference_type: null,
    actor_country: actor,
    actor_region: countryByIso2(actor)!.region,
    receiver_country: receiver,
    receiver_region: countryByIso2(receiver)!.region,
    actor: { age: (i >> 1) % 2 ? 'younger' : 'older', gender: (i >> 2) % 2 ? 'female' : 'male' },
    receiver: { age: (i >> 3) % 2 ? 'younger' : 'older', gender: (i >> 5) % 2 ? 'female' : 'male' },
    scenario: 'A guest is invited to dinner.',
    norm: 'guests bring a small gift for the hosts',
    preference: 'the guest prefers to arrive with empty hands',
    option_a: cultureFirst ? culture : preference,
    option_b: cultureFirst ? preference : culture,
    culture_option: cultureFirst ? 'A' : 'B',
  };
}

/** Every model answers the same instances through the real prompt, as the simulator would over HTTP. */
function simulate(): PactDecision[] {
  const decisions: PactDecision[] = [];
  for (let i = 0; i < PER_MODEL; i++) {
    const it = item(i);
    const { messages } = renderPrompt('eval-pact', 'en', promptVars(it, 'full_demo'));
    const user = messages.at(-1)!.content as string;
    for (const model of MODELS) {
      const { choice } = evalPactTask.answer({
        model,
        messages,
        system: '',
        user,
        profile: simProfile(model),
        rng: () => uniformFloat64(rng),
        sampleIndex: 0,
      }) as { choice: 'A' | 'B' };
      decisions.push(
        decisionFixture({
          instance_id: it.instance_id,
          scenario_id: it.scenario_id,
          model,
          configuration: it.configuration,
          relation: it.relation,
          actor_country: it.actor_country,
          actor_region: it.actor_region,
          receiver_country: it.receiver_country,
          receiver_region: it.receiver_region,
          actor_age: it.actor.age,
          actor_gender: it.actor.gender,
          receiver_age: it.receiver.age,
          receiver_gender: it.receiver.gender,
          culture_option: it.culture_option,
          decision: pactDecisionOf(choice, it.culture_option),
        }),
      );
    }
  }
  return decisions;
}

const decisions = simulate();
const FIELD = {
  'actor younger − older': 'actorYounger',
  'actor female − male': 'actorFemale',
  'receiver younger − older': 'receiverYounger',
  'receiver female − male': 'receiverFemale',
} as const;

describe('the new analyses recover the simulator’s declared demographic and regional effects', () => {
  it('each declared demographic shift shows as a delta of its sign; an undeclared one stays smaller than every declared one', () => {
    const deltas = demographicDeltas(decisions).filter((d) => d.model !== 'average');
    const declared = MODELS.flatMap((m) => Object.values(SIM_PROFILES[m].demographicShift))
      .filter((v) => v !== 0)
      .map(Math.abs);
    let checked = 0;
    for (const d of deltas) {
      const shift = SIM_PROFILES[d.model].demographicShift[FIELD[`${d.role} ${d.contrast}`]];
      if (shift === 0)
        expect(Math.abs(d.delta!), `${d.model} ${d.role} ${d.contrast}`).toBeLessThan(Math.min(...declared) / 2);
      else expect(Math.sign(d.delta!), `${d.model} ${d.role} ${d.contrast}`).toBe(Math.sign(shift));
      checked++;
    }
    expect(checked).toBe(MODELS.length * 4);
  });

  it('a receiver region declared more (less) preference-allowing shifts above (below) its model’s average', () => {
    const shifts = regionShifts(decisions);
    let checked = 0;
    for (const model of MODELS)
      for (const [region, shift] of Object.entries(SIM_PROFILES[model].regionShift)) {
        const measured = shifts.find((s) => s.model === model && s.region === region)!;
        expect(Math.sign(measured.shift!), `${model} ${region}`).toBe(Math.sign(shift));
        checked++;
      }
    expect(checked).toBeGreaterThan(3);
  });

  it('the regression gives the country term a larger deviance share for models with declared regional effects than for one without', () => {
    const share = (model: string) =>
      pactRegressions(decisions.filter((d) => d.model === model))[0].terms.find((t) => t.term === 'country')!.share;
    const flat = MODELS.filter((m) => Object.keys(SIM_PROFILES[m].regionShift).length === 0);
    const regional = MODELS.filter((m) => Object.values(SIM_PROFILES[m].regionShift).some((v) => Math.abs(v) >= 0.1));
    expect(flat.length).toBeGreaterThan(0);
    for (const m of regional) for (const f of flat) expect(share(m), `${m} vs ${f}`).toBeGreaterThan(share(f));
  });
});
