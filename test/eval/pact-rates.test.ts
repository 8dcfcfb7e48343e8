import { describe, expect, it } from 'vitest';
import { summarisePact } from '../../src/evaluation/pact-analysis.ts';
import { balanceFlips, itemVariability } from '../../src/evaluation/pact-behaviour.ts';
import type { PactDecision } from '../../src/evaluation/records.ts';
import { decisionFixture } from './pact-decision-fixture.ts';

const A = 'ALLOW_PREFERENCE';
const F = 'FOLLOW_CULTURE';
const U = 'UNKNOWN';
const runs = (instance: string, values: PactDecision['decision'][], over: Partial<PactDecision> = {}) =>
  values.map((decision, run) =>
    decisionFixture({ instance_id: instance, scenario_id: instance.split(':')[0], run, decision, ...over }),
  );

describe('section-4 rates, the authors’ way', () => {
  it('rates allow-preference over valid answer rows with the UNKNOWN rate beside; the majority-of-runs view differs and keeps its own name', () => {
    const decisions = [...runs('x', [A, A, A]), ...runs('y', [F, F, A]), ...runs('z', [F, U, U])];
    const s = summarisePact(decisions);
    expect(s.overall[0]).toMatchObject({ successes: 4, n: 7, rows: 9, unknown: 2 });
    expect(s.overall[0].rate).toBeCloseTo(4 / 7, 12);
    expect(s.overall[0].unknownRate).toBeCloseTo(2 / 9, 12);
    expect(s.majorityOfRuns[0]).toMatchObject({ successes: 1, n: 3, undecided: 0 });
  });

  it('leaves the human-study questions out of section 4', () => {
    const s = summarisePact([...runs('x', [A]), ...runs('x', [F, F], { question: 'norm' })]);
    expect(s.decisions.total).toBe(1);
  });

  it('pairs no-balance with balance on instance, demographic condition and run for the flip rate', () => {
    const decisions = [
      ...runs('x', [F, A, U], { system_prompt: 'no-balance' }),
      ...runs('x', [A, A, A], { system_prompt: 'balance' }),
      ...runs('y', [A], { system_prompt: 'no-balance' }),
      ...runs('y', [F], { system_prompt: 'balance', demographics: 'no_demo' }),
    ];
    expect(balanceFlips(decisions)).toEqual([
      {
        model: 'm',
        paired: 2,
        noBalanceAllowRate: 0.5,
        balanceAllowRate: 1,
        cultureToPreference: 0.5,
        preferenceToCulture: 0,
        flipRate: 0.5,
      },
    ]);
  });

  it('per source item: entropy in bits of its valid decisions, conflict when both occur', () => {
    const v = itemVariability([...runs('s1:a', [A, F]), ...runs('s1:b', [A, A]), ...runs('s2:a', [F, F, U])]);
    // s1: 3 allow, 1 follow → H(3/4); s2: all follow → 0.
    const h = -(0.75 * Math.log2(0.75) + 0.25 * Math.log2(0.25));
    expect(v).toHaveLength(1);
    expect(v[0].items).toBe(2);
    expect(v[0].meanEntropy).toBeCloseTo(h / 2, 12);
    expect(v[0].conflictRate).toBe(0.5);
  });
});
