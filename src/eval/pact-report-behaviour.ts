import { fmt } from './html-page.ts';
import type { PactSummary, RateCell } from './pact-analysis.ts';
import { REGRESSION_TERMS } from './pact-regression.ts';
import { pct, pp, type ReportSection } from './report-section.ts';
import { groupedBarChart } from './svg.ts';
import { heatmapChart } from './svg-charts.ts';

const interval = (c: RateCell) => `${pct(c.rate)} [${pct(c.low)}, ${pct(c.high)}]`;
const uniq = (values: string[]) => [...new Set(values)];

function rateChart(cells: RateCell[], title: string, categoryKeys: string[], xLabel: string): string {
  const models = uniq(cells.map((c) => c.keys.model));
  const label = (c: RateCell) => categoryKeys.map((k) => c.keys[k]).join(' · ');
  const categories = uniq(cells.map(label));
  const find = (m: string, cat: string) => cells.find((c) => c.keys.model === m && label(c) === cat);
  return groupedBarChart({
    title, categories, xLabel, yMax: 1, yLabel: 'allow-preference rate (valid rows)',
    series: models.map((m) => ({ name: m, values: categories.map((c) => find(m, c)?.rate ?? null), low: categories.map((c) => find(m, c)?.low ?? null), high: categories.map((c) => find(m, c)?.high ?? null) })),
  });
}

function rateSection(title: string, cells: RateCell[], keys: string[], chart?: { title: string; categories: string[]; xLabel: string }): ReportSection {
  return {
    title,
    charts: chart ? [rateChart(cells, chart.title, chart.categories, chart.xLabel)] : undefined,
    header: [...keys, 'allow-preference rate [95% CI]', 'valid rows', 'UNKNOWN rate'],
    rows: cells.map((c) => [...keys.map((k) => c.keys[k]), interval(c), String(c.n), pct(c.unknownRate)]),
    labelColumns: keys.length,
  };
}

/** A bar chart of signed differences (in percentage points), categories × models. */
function deltaChart(title: string, categories: string[], series: Array<{ name: string; values: Array<number | null> }>, xLabel: string): string {
  const max = Math.max(0.02, ...series.flatMap((s) => s.values.map((v) => Math.abs(v ?? 0))));
  const bound = Math.ceil(max * 100) / 100;
  return groupedBarChart({ title, categories, series, yMin: -bound, yMax: bound, yLabel: 'difference in allow-preference rate', xLabel });
}

function demographicSection(a: PactSummary): ReportSection {
  const label = (r: PactSummary['demographicDeltas'][number]) => `${r.role} ${r.contrast}`;
  const categories = uniq(a.demographicDeltas.map(label));
  const models = uniq(a.demographicDeltas.map((r) => r.model));
  return {
    title: 'Demographic deltas (younger − older, female − male; actor and receiver)',
    note: 'Allow-preference rate of one group minus the other over valid rows, per model and averaged over models; positive: the first group is allowed its preference more.',
    charts: [deltaChart('Demographic deltas in allow-preference rate', categories, models.map((m) => ({ name: m, values: categories.map((c) => a.demographicDeltas.find((r) => r.model === m && label(r) === c)?.delta ?? null) })), 'contrast')],
    header: ['model', 'role', 'contrast', 'delta'],
    rows: a.demographicDeltas.map((r) => [r.model, r.role, r.contrast, pp(r.delta)]),
    labelColumns: 3,
  };
}

function regionSections(a: PactSummary): ReportSection[] {
  const regions = uniq(a.regionShifts.map((r) => r.region));
  const models = uniq(a.regionShifts.map((r) => r.model));
  const actorRegions = uniq(a.regionHeatmap.map((c) => c.actorRegion)).sort();
  const receiverRegions = uniq(a.regionHeatmap.map((c) => c.receiverRegion)).sort();
  return [
    {
      title: 'Receiver-region shift from each model’s average',
      note: "Each receiver region's allow-preference rate minus the model's overall rate; 'average' is the mean over models (the paper's figure).",
      charts: [deltaChart('Receiver-region shift from model average', regions, models.map((m) => ({ name: m, values: regions.map((g) => a.regionShifts.find((r) => r.model === m && r.region === g)?.shift ?? null) })), 'receiver region')],
      header: ['model', 'receiver region', 'rate', 'shift'],
      rows: a.regionShifts.map((r) => [r.model, r.region, pct(r.rate), pp(r.shift)]),
      labelColumns: 2,
    },
    {
      title: 'Actor × receiver region heatmap',
      note: 'Allow-preference rate over valid rows, all models pooled.',
      charts: [heatmapChart({ title: 'Allow-preference rate by actor region × receiver region', rows: actorRegions, columns: receiverRegions, rowLabel: 'actor region ↓', columnLabel: 'receiver region →', value: (r, c) => a.regionHeatmap.find((h) => h.actorRegion === r && h.receiverRegion === c)?.rate ?? null })],
      header: ['actor region', 'receiver region', 'rate', 'valid rows'],
      rows: a.regionHeatmap.map((c) => [c.actorRegion, c.receiverRegion, pct(c.rate), String(c.n)]),
      labelColumns: 2,
    },
  ];
}

function flipAndVariability(a: PactSummary): ReportSection[] {
  const models = a.balanceFlips.map((f) => f.model);
  const modelsV = uniq(a.itemVariability.map((v) => v.model));
  const prompts = uniq(a.itemVariability.map((v) => v.systemPrompt));
  return [
    {
      title: 'Balance vs no-balance: paired flip rate',
      note: 'The same instance, demographic condition and run under both system prompts; pairs valid on both sides.',
      charts: models.length ? [groupedBarChart({ title: 'Paired flips, no-balance → balance', categories: ['culture → preference', 'preference → culture', 'any flip'], xLabel: 'flip', yMax: 1, yLabel: 'share of pairs', series: a.balanceFlips.map((f) => ({ name: f.model, values: [f.cultureToPreference, f.preferenceToCulture, f.flipRate] })) })] : [],
      header: ['model', 'pairs', 'no-balance allow', 'balance allow', 'culture → preference', 'preference → culture', 'flip rate'],
      rows: a.balanceFlips.map((f) => [f.model, String(f.paired), pct(f.noBalanceAllowRate), pct(f.balanceAllowRate), pct(f.cultureToPreference), pct(f.preferenceToCulture), pct(f.flipRate)]),
      labelColumns: 1,
    },
    {
      title: 'Per-item decision entropy and conflict rate',
      note: 'Per source item, the entropy (bits) of its valid decisions over every variant asked (relations, demographics, configurations, runs); conflict rate: share of items with both decisions.',
      charts: modelsV.length ? [groupedBarChart({ title: 'Conflict rate per model and system prompt', categories: prompts, xLabel: 'system prompt', yMax: 1, yLabel: 'share of items with both decisions', series: modelsV.map((m) => ({ name: m, values: prompts.map((p) => a.itemVariability.find((v) => v.model === m && v.systemPrompt === p)?.conflictRate ?? null) })) })] : [],
      header: ['model', 'system prompt', 'items', 'mean entropy (bits)', 'conflict rate'],
      rows: a.itemVariability.map((v) => [v.model, v.systemPrompt, String(v.items), fmt(v.meanEntropy, 3), pct(v.conflictRate)]),
      labelColumns: 2,
    },
  ];
}

function regressionSection(a: PactSummary): ReportSection {
  const terms = Object.keys(REGRESSION_TERMS);
  return {
    title: 'Logistic regression of following the culture: drop-one deviance shares',
    note: "Follow culture ~ scenario country + actor and receiver age + actor and receiver gender + relation + configuration (valid rows, IRLS; checked against statsmodels). Share: a term's drop-one deviance over the null deviance. The paper reports country 7.8%, age 1%, gender 0.7%.",
    charts: [groupedBarChart({ title: 'Drop-one deviance share per term', categories: terms, xLabel: 'term dropped', yMax: Math.max(0.01, ...a.regressions.flatMap((r) => r.terms.map((t) => t.share))) * 1.1, yLabel: 'share of null deviance', series: a.regressions.map((r) => ({ name: r.model, values: terms.map((t) => r.terms.find((x) => x.term === t)?.share ?? null) })) })],
    header: ['model', 'observations', 'term', 'df', 'drop-one deviance', 'share of null deviance', 'converged'],
    rows: a.regressions.flatMap((r) => r.terms.map((t) => [r.model, String(r.observations), t.term, String(t.df), fmt(t.deviance, 2), pct(t.share), r.converged ? 'yes' : 'no'])),
    labelColumns: 1,
  };
}

/** The paper's section-4 analyses of model decisions, in report order. */
export function behaviourSections(a: PactSummary): ReportSection[] {
  return [
    rateSection('Allow-preference rate per model', a.overall, ['model'], { title: 'Allow-preference rate per model', categories: ['model'], xLabel: 'model' }),
    rateSection('C1 → C3 profile (allow-preference rate by configuration)', a.configurationProfile, ['model', 'configuration'], { title: 'Allow-preference rate by configuration', categories: ['configuration'], xLabel: 'configuration (C1 actor_pref_only, C2 swapped, C3 both_prefs)' }),
    rateSection('By configuration and relation', a.byConfigurationRelation, ['model', 'configuration', 'relation'], { title: 'Allow-preference rate by configuration · relation', categories: ['configuration', 'relation'], xLabel: 'configuration · relation' }),
    rateSection('By condition (system prompt × demographics)', a.byCondition, ['model', 'system_prompt', 'demographics'], { title: 'Allow-preference rate by condition', categories: ['system_prompt', 'demographics'], xLabel: 'system prompt · demographic condition' }),
    demographicSection(a),
    ...regionSections(a),
    ...flipAndVariability(a),
    regressionSection(a),
    rateSection('By source', a.bySource, ['model', 'source']),
    rateSection('By preference type', a.byPreferenceType, ['model', 'preference_type']),
    rateSection('By receiver region', a.byReceiverRegion, ['model', 'receiver_region']),
    rateSection('By receiver country', a.byReceiverCountry, ['model', 'receiver_country']),
    rateSection('Option-position check (culture option shown as A or B)', a.optionPosition, ['model', 'culture_option']),
    {
      title: 'Majority of runs (normforge’s earlier view)',
      note: 'One decision per instance and condition, the majority of its runs (ties left out), then the share allowing preference. Not the authors’ rate.',
      header: ['model', 'allow-preference rate [95% CI]', 'decided', 'tied or unknown'],
      rows: a.majorityOfRuns.map((m) => [m.model, `${pct(m.rate)} [${pct(m.low)}, ${pct(m.high)}]`, String(m.n), String(m.undecided)]),
      labelColumns: 1,
    },
    {
      title: "Cramér's V per factor",
      header: ['factor', "Cramér's V", 'χ²', 'n'],
      rows: a.associations.map((x) => [x.factor, fmt(x.cramersV, 3), fmt(x.chiSquare, 1), String(x.n)]),
      labelColumns: 1,
    },
  ];
}
