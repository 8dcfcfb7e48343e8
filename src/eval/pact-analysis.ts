import { contingency, cramersV, type Association } from '../stats/association.ts';
import { wilson, type Proportion } from '../stats/proportions.ts';
import type { PactDecision } from './records.ts';

/** The fields a PACT decision is aggregated by (the paper's factors). */
export const PACT_FACTORS = ['model', 'configuration', 'relation', 'source', 'receiver_country', 'receiver_region', 'system_prompt', 'demographics', 'culture_option'] as const;
export type PactFactor = (typeof PACT_FACTORS)[number];

export type PactSettled = Pick<PactDecision, PactFactor | 'instance_id' | 'scenario_id' | 'condition'> & { allowPreference: boolean };

/**
 * One decision per (instance, model, condition): the majority of its runs; UNKNOWN answers and
 * ties are not decisions and are counted apart.
 */
export function settleDecisions(decisions: Iterable<PactDecision>): { settled: PactSettled[]; unknown: number; total: number } {
  const groups = new Map<string, { first: PactDecision; allow: number; follow: number }>();
  for (const d of decisions) {
    const key = `${d.model}\u0000${d.condition}\u0000${d.instance_id}`;
    const g = groups.get(key) ?? { first: d, allow: 0, follow: 0 };
    if (d.decision === 'ALLOW_PREFERENCE') g.allow++;
    if (d.decision === 'FOLLOW_CULTURE') g.follow++;
    groups.set(key, g);
  }
  const settled: PactSettled[] = [];
  for (const { first, allow, follow } of groups.values()) {
    if (allow === follow) continue;
    settled.push({ ...pick(first), allowPreference: allow > follow });
  }
  return { settled, unknown: groups.size - settled.length, total: groups.size };
}

function pick(d: PactDecision): Omit<PactSettled, 'allowPreference'> {
  const { model, configuration, relation, source, receiver_country, receiver_region, system_prompt, demographics, culture_option, instance_id, scenario_id, condition } = d;
  return { model, configuration, relation, source, receiver_country, receiver_region, system_prompt, demographics, culture_option, instance_id, scenario_id, condition };
}

export interface RateCell extends Proportion {
  keys: Record<string, string>;
}

const level = (v: string | null) => v ?? 'unexpanded';

/** Allow-preference rate with its Wilson 95 % interval for every combination of the given factors. */
export function rates(settled: readonly PactSettled[], by: readonly PactFactor[]): RateCell[] {
  const cells = new Map<string, { keys: Record<string, string>; allow: number; n: number }>();
  for (const s of settled) {
    const keys = Object.fromEntries(by.map((f) => [f, level(s[f])]));
    const id = by.map((f) => keys[f]).join('\u0000');
    const c = cells.get(id) ?? { keys, allow: 0, n: 0 };
    c.n++;
    if (s.allowPreference) c.allow++;
    cells.set(id, c);
  }
  return [...cells.values()]
    .sort((a, b) => by.map((f) => a.keys[f].localeCompare(b.keys[f])).find((c) => c !== 0) ?? 0)
    .map((c) => ({ keys: c.keys, ...wilson(c.allow, c.n) }));
}

/** Cramér's V between each factor and the decision, over all settled decisions. */
export function factorAssociations(settled: readonly PactSettled[], factors: readonly PactFactor[] = PACT_FACTORS): Array<{ factor: PactFactor } & Association> {
  return factors.map((factor) => ({ factor, ...cramersV(contingency(settled.map((s) => [level(s[factor]), s.allowPreference] as const)).table) }));
}

export interface PactSummary {
  decisions: { total: number; settled: number; unknown: number };
  overall: RateCell[];
  byConfigurationRelation: RateCell[];
  bySource: RateCell[];
  byReceiverCountry: RateCell[];
  byReceiverRegion: RateCell[];
  byCondition: RateCell[];
  optionPosition: RateCell[];
  associations: Array<{ factor: PactFactor } & Association>;
}

export function summarisePact(decisions: Iterable<PactDecision>): PactSummary {
  const { settled, unknown, total } = settleDecisions(decisions);
  return {
    decisions: { total, settled: settled.length, unknown },
    overall: rates(settled, ['model']),
    byConfigurationRelation: rates(settled, ['model', 'configuration', 'relation']),
    bySource: rates(settled, ['model', 'source']),
    byReceiverCountry: rates(settled, ['model', 'receiver_country']),
    byReceiverRegion: rates(settled, ['model', 'receiver_region']),
    byCondition: rates(settled, ['model', 'system_prompt', 'demographics']),
    optionPosition: rates(settled, ['model', 'culture_option']),
    associations: factorAssociations(settled),
  };
}
