import { cramersV, type Association } from '../stats/association.ts';
import { wilson, type Proportion } from '../stats/proportions.ts';
import {
  balanceFlips,
  demographicDeltas,
  itemVariability,
  regionHeatmap,
  regionShifts,
  type BalanceFlip,
  type DemographicDelta,
  type HeatCell,
  type ItemVariability,
  type RegionShift,
} from './pact-behaviour.ts';
import { pactRegressions, type PactRegression } from './pact-regression.ts';
import type { PactDecision } from './pact-records.ts';

/** The fields a PACT decision is aggregated by (the paper's factors). */
export const PACT_FACTORS = [
  'model',
  'configuration',
  'relation',
  'source',
  'receiver_country',
  'receiver_region',
  'actor_region',
  'system_prompt',
  'demographics',
  'culture_option',
  'actor_age',
  'actor_gender',
  'receiver_age',
  'receiver_gender',
  'preference_type',
] as const;
export type PactFactor = (typeof PACT_FACTORS)[number];

const level = (v: string | null) => v ?? 'not stated';

/** Allow-preference rate over valid answer rows (as the authors rate), its Wilson interval, and the UNKNOWN rate over all rows. */
export interface RateCell extends Proportion {
  keys: Record<string, string>;
  rows: number;
  unknown: number;
  unknownRate: number | null;
}

/** Rates over answer rows for every combination of the given factors. */
export function rates(decisions: readonly PactDecision[], by: readonly PactFactor[]): RateCell[] {
  const cells = new Map<string, { keys: Record<string, string>; allow: number; valid: number; rows: number }>();
  for (const d of decisions) {
    const id = by.map((f) => level(d[f])).join('\u0000');
    let c = cells.get(id);
    if (!c) {
      c = { keys: Object.fromEntries(by.map((f) => [f, level(d[f])])), allow: 0, valid: 0, rows: 0 };
      cells.set(id, c);
    }
    c.rows++;
    if (d.decision === 'UNKNOWN') continue;
    c.valid++;
    if (d.decision === 'ALLOW_PREFERENCE') c.allow++;
  }
  return [...cells.values()]
    .sort((a, b) => by.map((f) => a.keys[f].localeCompare(b.keys[f])).find((x) => x !== 0) ?? 0)
    .map((c) => ({
      keys: c.keys,
      ...wilson(c.allow, c.valid),
      rows: c.rows,
      unknown: c.rows - c.valid,
      unknownRate: c.rows ? (c.rows - c.valid) / c.rows : null,
    }));
}

/**
 * normforge's earlier view, kept under its own name: one decision per (instance, model, condition)
 * as the majority of its runs (ties and all-UNKNOWN left out), then the share allowing preference.
 */
export function majorityOfRuns(
  decisions: readonly PactDecision[],
): Array<Proportion & { model: string; undecided: number }> {
  const groups = new Map<string, { model: string; allow: number; follow: number }>();
  for (const d of decisions) {
    const key = `${d.model}\u0000${d.condition}\u0000${d.instance_id}`;
    const g = groups.get(key) ?? { model: d.model, allow: 0, follow: 0 };
    if (d.decision === 'ALLOW_PREFERENCE') g.allow++;
    if (d.decision === 'FOLLOW_CULTURE') g.follow++;
    groups.set(key, g);
  }
  const perModel = new Map<string, { allow: number; n: number; undecided: number }>();
  for (const g of groups.values()) {
    const m = perModel.get(g.model) ?? { allow: 0, n: 0, undecided: 0 };
    if (g.allow === g.follow) m.undecided++;
    else {
      m.n++;
      if (g.allow > g.follow) m.allow++;
    }
    perModel.set(g.model, m);
  }
  return [...perModel]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([model, m]) => ({ model, undecided: m.undecided, ...wilson(m.allow, m.n) }));
}

/** Cramér's V between each factor and the decision, over valid answer rows (the table is counted in place: 100,000 rows × 15 factors). */
export function factorAssociations(
  decisions: readonly PactDecision[],
  factors: readonly PactFactor[] = PACT_FACTORS,
): Array<{ factor: PactFactor } & Association> {
  const tables = factors.map(() => new Map<string, [number, number]>());
  for (const d of decisions) {
    if (d.decision === 'UNKNOWN') continue;
    const col = d.decision === 'ALLOW_PREFERENCE' ? 0 : 1;
    factors.forEach((f, i) => {
      const key = level(d[f]);
      let row = tables[i].get(key);
      if (!row) tables[i].set(key, (row = [0, 0]));
      row[col]++;
    });
  }
  return factors.map((factor, i) => ({ factor, ...cramersV([...tables[i].values()]) }));
}

export interface PactSummary {
  decisions: { total: number; valid: number; unknown: number };
  overall: RateCell[];
  configurationProfile: RateCell[];
  byConfigurationRelation: RateCell[];
  bySource: RateCell[];
  byReceiverCountry: RateCell[];
  byReceiverRegion: RateCell[];
  byCondition: RateCell[];
  byPreferenceType: RateCell[];
  optionPosition: RateCell[];
  majorityOfRuns: ReturnType<typeof majorityOfRuns>;
  associations: Array<{ factor: PactFactor } & Association>;
  demographicDeltas: DemographicDelta[];
  regionShifts: RegionShift[];
  regionHeatmap: HeatCell[];
  balanceFlips: BalanceFlip[];
  itemVariability: ItemVariability[];
  regressions: PactRegression[];
}

/** Section 4 of the paper over PACT decisions (the human-study questions are analysed apart). */
export function summarisePact(all: readonly PactDecision[]): PactSummary {
  const decisions = all.filter((d) => d.question === 'decision');
  const unknown = decisions.filter((d) => d.decision === 'UNKNOWN').length;
  return {
    decisions: { total: decisions.length, valid: decisions.length - unknown, unknown },
    overall: rates(decisions, ['model']),
    configurationProfile: rates(decisions, ['model', 'configuration']),
    byConfigurationRelation: rates(decisions, ['model', 'configuration', 'relation']),
    bySource: rates(decisions, ['model', 'source']),
    byReceiverCountry: rates(decisions, ['model', 'receiver_country']),
    byReceiverRegion: rates(decisions, ['model', 'receiver_region']),
    byCondition: rates(decisions, ['model', 'system_prompt', 'demographics']),
    byPreferenceType: rates(decisions, ['model', 'preference_type']),
    optionPosition: rates(decisions, ['model', 'culture_option']),
    majorityOfRuns: majorityOfRuns(decisions),
    associations: factorAssociations(decisions),
    demographicDeltas: demographicDeltas(decisions),
    regionShifts: regionShifts(decisions),
    regionHeatmap: regionHeatmap(decisions),
    balanceFlips: balanceFlips(decisions),
    itemVariability: itemVariability(decisions),
    regressions: pactRegressions(decisions),
  };
}
