/**
 * Human–model alignment on PACT (Borah et al., appendix F.1), per unit (a scenario, optionally
 * split by respondent country): each side's culture-following rate is the share of its answers
 * that follow the culture option (humans: respondents; model: runs / persona-conditioned answers).
 */
export interface UnitRates {
  unit: string;
  human: number;
  model: number;
  humanN: number;
  modelN: number;
}

export interface AlignmentMetrics {
  units: number;
  /** Share of units where the model's majority choice equals the humans' (units with a tie on either side are left out). */
  majorityAlignment: number | null;
  majorityUnits: number;
  /** Mean absolute difference of culture-following rates. */
  rateMae: number | null;
  /** Mean (model − human) culture-following rate: positive means the model follows culture more than people do. */
  signedCultureGap: number | null;
  /** Pearson correlation of human agreement and model agreement (share on the majority side) across units. */
  uncertaintyCorrelation: number | null;
}

export interface ChoiceObservation {
  unit: string;
  followsCulture: boolean;
}

export function rateByUnit(observations: Iterable<ChoiceObservation>): Map<string, { rate: number; n: number }> {
  const counts = new Map<string, { follow: number; n: number }>();
  for (const o of observations) {
    const c = counts.get(o.unit) ?? { follow: 0, n: 0 };
    c.n++;
    if (o.followsCulture) c.follow++;
    counts.set(o.unit, c);
  }
  return new Map([...counts].map(([unit, c]) => [unit, { rate: c.follow / c.n, n: c.n }]));
}

export function pairRates(human: Iterable<ChoiceObservation>, model: Iterable<ChoiceObservation>): UnitRates[] {
  const h = rateByUnit(human);
  const m = rateByUnit(model);
  return [...h]
    .filter(([unit]) => m.has(unit))
    .map(([unit, hr]) => ({ unit, human: hr.rate, model: m.get(unit)!.rate, humanN: hr.n, modelN: m.get(unit)!.n }));
}

export function pearson(x: readonly number[], y: readonly number[]): number | null {
  const n = x.length;
  if (n < 3 || y.length !== n) return null;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy);
}

const agreement = (rate: number) => Math.max(rate, 1 - rate);
const mean = (v: readonly number[]) => (v.length ? v.reduce((s, x) => s + x, 0) / v.length : null);

export function alignmentMetrics(rates: readonly UnitRates[]): AlignmentMetrics {
  const decided = rates.filter((r) => r.human !== 0.5 && r.model !== 0.5);
  const matches = decided.filter((r) => r.human > 0.5 === r.model > 0.5).length;
  return {
    units: rates.length,
    majorityAlignment: decided.length ? matches / decided.length : null,
    majorityUnits: decided.length,
    rateMae: mean(rates.map((r) => Math.abs(r.model - r.human))),
    signedCultureGap: mean(rates.map((r) => r.model - r.human)),
    uncertaintyCorrelation: pearson(
      rates.map((r) => agreement(r.human)),
      rates.map((r) => agreement(r.model)),
    ),
  };
}
