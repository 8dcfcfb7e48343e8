import { entropyBits, meanOrNull } from '../stats/descriptive.ts';
import type { PactDecision } from './pact-records.ts';

/**
 * The paper's model-behaviour analyses (section 4 and appendix), over valid answer rows: the
 * allow-preference rate is allow / (allow + follow), UNKNOWN rows left out.
 */
interface Tally {
  allow: number;
  valid: number;
}
const rateOf = (t: Tally | undefined) => (t?.valid ? t.allow / t.valid : null);

function tally<K extends string>(decisions: readonly PactDecision[], keyOf: (d: PactDecision) => K): Map<K, Tally> {
  const out = new Map<K, Tally>();
  for (const d of decisions) {
    if (d.decision === 'UNKNOWN') continue;
    const k = keyOf(d);
    const t = out.get(k) ?? { allow: 0, valid: 0 };
    t.valid++;
    if (d.decision === 'ALLOW_PREFERENCE') t.allow++;
    out.set(k, t);
  }
  return out;
}

const modelsOf = (decisions: readonly PactDecision[]) => [...new Set(decisions.map((d) => d.model))].sort();

export interface DemographicDelta {
  /** A model, or 'average' (the mean of the models' deltas, as the authors' figure). */
  model: string;
  role: 'actor' | 'receiver';
  contrast: 'younger − older' | 'female − male';
  /** Difference of allow-preference rates (a fraction; the report prints percentage points). */
  delta: number | null;
}

const CONTRASTS = [
  { role: 'actor', contrast: 'younger − older', field: 'actor_age', plus: 'younger', minus: 'older' },
  { role: 'receiver', contrast: 'younger − older', field: 'receiver_age', plus: 'younger', minus: 'older' },
  { role: 'actor', contrast: 'female − male', field: 'actor_gender', plus: 'female', minus: 'male' },
  { role: 'receiver', contrast: 'female − male', field: 'receiver_gender', plus: 'female', minus: 'male' },
] as const;

/** Younger − older and female − male allow-preference rates, for actor and receiver, per model and averaged. */
export function demographicDeltas(decisions: readonly PactDecision[]): DemographicDelta[] {
  const rows: DemographicDelta[] = [];
  for (const c of CONTRASTS) {
    const t = tally(decisions, (d) => `${d.model}\u0000${d[c.field]}`);
    const perModel = modelsOf(decisions).map((model) => {
      const plus = rateOf(t.get(`${model}\u0000${c.plus}`));
      const minus = rateOf(t.get(`${model}\u0000${c.minus}`));
      return {
        model,
        role: c.role,
        contrast: c.contrast,
        delta: plus === null || minus === null ? null : plus - minus,
      };
    });
    rows.push(...perModel, {
      model: 'average',
      role: c.role,
      contrast: c.contrast,
      delta: meanOrNull(perModel.flatMap((r) => (r.delta === null ? [] : [r.delta]))),
    });
  }
  return rows;
}

export interface RegionShift {
  model: string;
  region: string;
  rate: number | null;
  /** The region's rate minus the model's overall rate; for 'average', the mean of the models' shifts. */
  shift: number | null;
}

/** Receiver-region shift from each model's average allow-preference rate, and its mean over models. */
export function regionShifts(decisions: readonly PactDecision[]): RegionShift[] {
  const overall = tally(decisions, (d) => d.model);
  const byRegion = tally(decisions, (d) => `${d.model}\u0000${d.receiver_region}`);
  const regions = [...new Set(decisions.map((d) => d.receiver_region))].sort();
  const rows: RegionShift[] = [];
  for (const region of regions) {
    const perModel = modelsOf(decisions).map((model) => {
      const rate = rateOf(byRegion.get(`${model}\u0000${region}`));
      const base = rateOf(overall.get(model));
      return { model, region, rate, shift: rate === null || base === null ? null : rate - base };
    });
    const shifts = perModel.flatMap((r) => (r.shift === null ? [] : [r.shift]));
    rows.push(...perModel, { model: 'average', region, rate: null, shift: meanOrNull(shifts) });
  }
  return rows;
}

export interface HeatCell {
  actorRegion: string;
  receiverRegion: string;
  rate: number | null;
  n: number;
}

/** Allow-preference rate for each actor region × receiver region, all models pooled. */
export function regionHeatmap(decisions: readonly PactDecision[]): HeatCell[] {
  const t = tally(decisions, (d) => `${d.actor_region}\u0000${d.receiver_region}`);
  return [...t]
    .map(([k, v]) => {
      const [actorRegion, receiverRegion] = k.split('\u0000');
      return { actorRegion, receiverRegion, rate: rateOf(v), n: v.valid };
    })
    .sort((a, b) => a.actorRegion.localeCompare(b.actorRegion) || a.receiverRegion.localeCompare(b.receiverRegion));
}

export interface BalanceFlip {
  model: string;
  paired: number;
  noBalanceAllowRate: number | null;
  balanceAllowRate: number | null;
  /** Culture under no-balance, preference under balance. */
  cultureToPreference: number | null;
  preferenceToCulture: number | null;
  /** Share of pairs whose decision changed either way. */
  flipRate: number | null;
}

/** The same instance, demographic condition and run asked under no-balance and balance; pairs with a valid answer on both sides. */
export function balanceFlips(decisions: readonly PactDecision[]): BalanceFlip[] {
  const key = (d: PactDecision) => `${d.model}\u0000${d.instance_id}\u0000${d.demographics}\u0000${d.run}`;
  const noBalance = new Map<string, PactDecision>();
  for (const d of decisions) if (d.system_prompt === 'no-balance' && d.decision !== 'UNKNOWN') noBalance.set(key(d), d);
  const per = new Map<
    string,
    { n: number; leftAllow: number; rightAllow: number; toPref: number; toCulture: number }
  >();
  for (const d of decisions) {
    if (d.system_prompt !== 'balance' || d.decision === 'UNKNOWN') continue;
    const left = noBalance.get(key(d));
    if (!left) continue;
    const p = per.get(d.model) ?? { n: 0, leftAllow: 0, rightAllow: 0, toPref: 0, toCulture: 0 };
    p.n++;
    if (left.decision === 'ALLOW_PREFERENCE') p.leftAllow++;
    if (d.decision === 'ALLOW_PREFERENCE') p.rightAllow++;
    if (left.decision === 'FOLLOW_CULTURE' && d.decision === 'ALLOW_PREFERENCE') p.toPref++;
    if (left.decision === 'ALLOW_PREFERENCE' && d.decision === 'FOLLOW_CULTURE') p.toCulture++;
    per.set(d.model, p);
  }
  return [...per]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([model, p]) => ({
      model,
      paired: p.n,
      noBalanceAllowRate: p.leftAllow / p.n,
      balanceAllowRate: p.rightAllow / p.n,
      cultureToPreference: p.toPref / p.n,
      preferenceToCulture: p.toCulture / p.n,
      flipRate: (p.toPref + p.toCulture) / p.n,
    }));
}

export interface ItemVariability {
  model: string;
  systemPrompt: string;
  items: number;
  /** Mean over source items of the entropy (bits) of their valid decisions across every variant asked. */
  meanEntropy: number | null;
  /** Share of items with both decisions among their valid answers. */
  conflictRate: number | null;
}

/** Per-item decision entropy and conflict rate, per model and system prompt (the authors' uncertainty proxy). */
export function itemVariability(decisions: readonly PactDecision[]): ItemVariability[] {
  const t = tally(decisions, (d) => `${d.model}\u0000${d.system_prompt}\u0000${d.scenario_id}`);
  const groups = new Map<string, number[]>();
  for (const [k, v] of t) {
    const g = k.split('\u0000').slice(0, 2).join('\u0000');
    const h = entropyBits([v.allow, v.valid - v.allow])!;
    const list = groups.get(g);
    if (list) list.push(h);
    else groups.set(g, [h]);
  }
  return [...groups]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, hs]) => {
      const [model, systemPrompt] = k.split('\u0000');
      return {
        model,
        systemPrompt,
        items: hs.length,
        meanEntropy: meanOrNull(hs),
        conflictRate: hs.filter((h) => h > 0).length / hs.length,
      };
    });
}
