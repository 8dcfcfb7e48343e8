import { describe, expect, it } from 'vitest';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { SIM_HOFSTEDE_CODES, SIM_PROFILES, simProfile, type SimHofstedeCode } from '../../src/llm/sim/profiles.ts';
import { evalAgreeTask } from '../../src/llm/sim/tasks/eval-agree.ts';
import { evalPactTask } from '../../src/llm/sim/tasks/eval-pact.ts';
import { latentStatement } from '../../src/llm/sim/world.ts';
import type { SimTaskContext } from '../../src/llm/sim/task.ts';
import { builtInFramework } from '../../src/statements/framework.ts';
import { summariseStatements } from '../../src/evaluation/statements-summary.ts';
import { summarisePact } from '../../src/evaluation/pact-analysis.ts';
import { pactDecisionOf } from '../../src/evaluation/pact-items.ts';
import type { PactDecision, StatementDecision } from '../../src/evaluation/records.ts';
import type { StatementDimensionLabel } from '../../src/evaluation/statements-analysis.ts';
import { decisionFixture } from './pact-decision-fixture.ts';

const MODELS = Object.keys(SIM_PROFILES);

// One generator for the whole test: consecutive small seeds give correlated first draws.
const rng = xoroshiro128plus(20240601);

function ctxFor(model: string, user: string): SimTaskContext {
  return {
    model,
    messages: [],
    system: '',
    user,
    profile: simProfile(model),
    rng: () => uniformFloat64(rng),
    sampleIndex: 0,
  };
}

/** Statements labelled on the dimension they bear on most, scored with the world's own polarity (as an ideal panel would). */
function worldLabels(count: number): Array<StatementDimensionLabel & { text: string }> {
  return Array.from({ length: count }, (_, i) => {
    const text = `debate statement number ${i}`;
    const latent = latentStatement(text);
    const dimension = SIM_HOFSTEDE_CODES.reduce<SimHofstedeCode>(
      (best, d) => (latent.relevance(d) > latent.relevance(best) ? d : best),
      SIM_HOFSTEDE_CODES[0],
    );
    return { statement_id: String(i), dimension, score: latent.polarity(dimension), text };
  });
}

describe('the evaluation recovers the simulator profiles', () => {
  it('a model tilted toward a pole gets a mean on that side (statements, both languages)', () => {
    const labels = worldLabels(1200);
    const decisions: StatementDecision[] = [];
    for (const model of MODELS) {
      for (const language of ['en', 'zh']) {
        for (const l of labels) {
          for (let run = 0; run < 3; run++) {
            const text = language === 'zh' ? `[zh] ${l.text}` : l.text;
            const answer = evalAgreeTask.answer(ctxFor(model, `<statement>${text}</statement>`)) as {
              answer: 'agree' | 'disagree';
            };
            decisions.push({
              statement_id: l.statement_id,
              model,
              language,
              run,
              decision: answer.answer,
              error: null,
              cache_key: `${model}:${l.statement_id}:${language}:${run}`,
              prompt_version: 'v',
              simulated: true,
            });
          }
        }
      }
    }
    const summary = summariseStatements(decisions, labels, {
      framework: builtInFramework(),
      models: MODELS.map((id) => ({ id, model: id })),
      languages: ['en', 'zh'],
      resamples: 500,
      seed: 0,
      alpha: 0.05,
      onlyDiffering: false,
      human: [],
      humanSource: null,
    });
    let checked = 0;
    for (const row of summary.table3) {
      const tilts = SIM_PROFILES[row.model].hofstede;
      for (const dim of SIM_HOFSTEDE_CODES) {
        if (Math.abs(tilts[dim]) < 0.3) continue;
        for (const language of ['en', 'zh']) {
          expect(Math.sign(row.profiles[language][dim].mean!), `${row.model} ${language} ${dim}`).toBe(
            Math.sign(tilts[dim]),
          );
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
    const us = summary.figure1.bars.filter((b) => b.group === 'US' && b.dimension === 'IDV' && b.language === 'en')[0];
    const cn = summary.figure1.bars.filter((b) => b.group === 'CN' && b.dimension === 'IDV' && b.language === 'en')[0];
    expect(us.value!).toBeGreaterThan(cn.value!);
  });

  it('the most norm-following model has the lowest allow-preference rate (PACT)', () => {
    const decisions: PactDecision[] = [];
    for (const model of MODELS) {
      for (let i = 0; i < 400; i++) {
        const cultureOption = i % 2 === 0 ? 'A' : 'B';
        const follow = `remove your shoes at the door number ${i}`;
        const allow = `keep wearing outdoor boots inside ${i}`;
        const [a, b] = cultureOption === 'A' ? [follow, allow] : [allow, follow];
        const user = `<norm>guests remove their shoes at the door</norm><preference>the guest wants to keep wearing boots</preference><option_a>${a}</option_a><option_b>${b}</option_b>`;
        const { choice } = evalPactTask.answer(ctxFor(model, user)) as { choice: 'A' | 'B' };
        decisions.push(
          decisionFixture({
            instance_id: String(i),
            scenario_id: String(i),
            model,
            demographics: 'no_demo',
            configuration: 'C1',
            culture_option: cultureOption,
            decision: pactDecisionOf(choice, cultureOption),
          }),
        );
      }
    }
    const overall = summarisePact(decisions).overall;
    const rate = (m: string) => overall.find((c) => c.keys.model === m)!.rate!;
    const mostNormFollowing = MODELS.reduce((best, m) =>
      SIM_PROFILES[m].normFollowing > SIM_PROFILES[best].normFollowing ? m : best,
    );
    for (const m of MODELS.filter((x) => x !== mostNormFollowing))
      expect(rate(mostNormFollowing)).toBeLessThan(rate(m));
  });
});
