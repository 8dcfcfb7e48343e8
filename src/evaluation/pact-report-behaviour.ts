import { fmt } from './html-page.ts';
import type { PactSummary, RateCell } from './pact-analysis.ts';
import { REGRESSION_TERMS } from './pact-regression.ts';
import { pct, pp, pValue, type ReportSection } from './report-section.ts';
import { barChart, type Chart } from '../io/svg/bar-chart.ts';
import { heatmap } from '../io/svg/heatmap.ts';
import { wilson } from '../stats/proportions.ts';

const interval = (c: RateCell) => `${pct(c.rate)} [${pct(c.low)}, ${pct(c.high)}]`;
const uniq = (values: string[]) => [...new Set(values)];
const WILSON = 'Whiskers: 95% Wilson score interval.';
const nNote = (ns: Array<number | null>) => `n = ${ns.map((n) => (n === null ? '–' : String(n))).join(' / ')}`;

/** n for the charts that show differences: each model's valid answer rows. */
const modelRows = (a: PactSummary) =>
  `n (valid answer rows): ${a.overall.map((c) => `${c.keys.model} ${c.n}`).join(', ')}.`;

/** What every chart says under its legend: where the data come from (by name), and whether they are simulated. */
export type ChartFooter = string[];

function rateChart(
  id: string,
  cells: RateCell[],
  title: string,
  categoryKeys: string[],
  xLabel: string,
  footer: ChartFooter,
): Chart {
  const models = uniq(cells.map((c) => c.keys.model));
  const label = (c: RateCell) => categoryKeys.map((k) => c.keys[k]).join(' · ');
  const categories = uniq(cells.map(label));
  const find = (m: string, cat: string) => cells.find((c) => c.keys.model === m && label(c) === cat);
  return barChart({
    id,
    title,
    categories,
    xLabel,
    yDomain: [0, 1],
    yLabel: 'allow-preference rate (share of valid answers)',
    categoryNotes: categories.map((cat) => nNote(models.map((m) => find(m, cat)?.n ?? null))),
    series: models.map((m) => ({
      name: m,
      values: categories.map((c) => find(m, c)?.rate ?? null),
      low: categories.map((c) => find(m, c)?.low ?? null),
      high: categories.map((c) => find(m, c)?.high ?? null),
    })),
    notes: [
      `Bars: share of valid answer rows allowing the preference. ${WILSON} n: valid answer rows per model, in legend order.`,
      ...footer,
    ],
  });
}

function rateSection(
  title: string,
  cells: RateCell[],
  keys: string[],
  footer: ChartFooter,
  chart?: { id: string; title: string; categories: string[]; xLabel: string },
): ReportSection {
  return {
    title,
    charts: chart ? [rateChart(chart.id, cells, chart.title, chart.categories, chart.xLabel, footer)] : undefined,
    header: [...keys, 'allow-preference rate [95% CI]', 'valid rows', 'UNKNOWN rate'],
    rows: cells.map((c) => [...keys.map((k) => c.keys[k]), interval(c), String(c.n), pct(c.unknownRate)]),
    labelColumns: keys.length,
  };
}

/** A bar chart of signed differences in percentage points, categories × models. */
function deltaChart(
  id: string,
  title: string,
  categories: string[],
  series: Array<{ name: string; values: Array<number | null> }>,
  xLabel: string,
  notes: string[],
): Chart {
  return barChart({
    id,
    title,
    categories,
    xLabel,
    notes,
    yLabel: 'difference in allow-preference rate (pp)',
    format: (v) => v.toFixed(1),
    series: series.map((s) => ({ name: s.name, values: s.values.map((v) => (v === null ? null : v * 100)) })),
  });
}

function demographicSection(a: PactSummary, footer: ChartFooter): ReportSection {
  const label = (r: PactSummary['demographicDeltas'][number]) => `${r.role} ${r.contrast}`;
  const categories = uniq(a.demographicDeltas.map(label));
  const models = uniq(a.demographicDeltas.map((r) => r.model));
  const series = models.map((m) => ({
    name: m,
    values: categories.map((c) => a.demographicDeltas.find((r) => r.model === m && label(r) === c)?.delta ?? null),
  }));
  return {
    title: 'Demographic deltas (younger − older, female − male; actor and receiver)',
    note: 'Allow-preference rate of one group minus the other over valid rows, per model and averaged over models; positive: the first group is allowed its preference more.',
    charts: [
      deltaChart(
        'demographic-deltas',
        'Demographic deltas in allow-preference rate',
        categories,
        series,
        'contrast (role: first group − second group)',
        [
          'Bars: rate of the first group minus the second over valid answer rows, in percentage points; "average": mean over models.',
          modelRows(a),
          ...footer,
        ],
      ),
    ],
    header: ['model', 'role', 'contrast', 'delta'],
    rows: a.demographicDeltas.map((r) => [r.model, r.role, r.contrast, pp(r.delta)]),
    labelColumns: 3,
  };
}

function regionSections(a: PactSummary, footer: ChartFooter): ReportSection[] {
  const regions = uniq(a.regionShifts.map((r) => r.region));
  const models = uniq(a.regionShifts.map((r) => r.model));
  const actorRegions = uniq(a.regionHeatmap.map((c) => c.actorRegion)).sort();
  const receiverRegions = uniq(a.regionHeatmap.map((c) => c.receiverRegion)).sort();
  const cell = (r: string, c: string) => a.regionHeatmap.find((h) => h.actorRegion === r && h.receiverRegion === c);
  const shifts = models.map((m) => ({
    name: m,
    values: regions.map((g) => a.regionShifts.find((r) => r.model === m && r.region === g)?.shift ?? null),
  }));
  return [
    {
      title: 'Receiver-region shift from each model’s average',
      note: "Each receiver region's allow-preference rate minus the model's overall rate; 'average' is the mean over models (the paper's figure).",
      charts: [
        deltaChart(
          'receiver-region-shift',
          'Receiver-region shift from model average',
          regions,
          shifts,
          'receiver region',
          [
            'Bars: the region\'s allow-preference rate minus the model\'s overall rate, in percentage points; "average": mean over models.',
            modelRows(a),
            ...footer,
          ],
        ),
      ],
      header: ['model', 'receiver region', 'rate', 'shift'],
      rows: a.regionShifts.map((r) => [r.model, r.region, pct(r.rate), pp(r.shift)]),
      labelColumns: 2,
    },
    {
      title: 'Actor × receiver region heatmap',
      note: 'Allow-preference rate over valid rows, all models pooled.',
      charts: [
        heatmap({
          id: 'region-heatmap',
          title: 'Allow-preference rate by actor region × receiver region',
          rowTitle: 'actor region',
          colTitle: 'receiver region',
          rows: actorRegions,
          cols: receiverRegions,
          max: 1,
          values: actorRegions.map((r) => receiverRegions.map((c) => cell(r, c)?.rate ?? null)),
          format: (v) => v.toFixed(2),
          notes: [
            `Cells: share of valid answer rows allowing the preference (0–1), all models pooled; n per cell: ${actorRegions.flatMap((r) => receiverRegions.map((c) => `${r} → ${c} ${cell(r, c)?.n ?? 0}`)).join(', ')}.`,
            ...footer,
          ],
        }),
      ],
      header: ['actor region', 'receiver region', 'rate', 'valid rows'],
      rows: a.regionHeatmap.map((c) => [c.actorRegion, c.receiverRegion, pct(c.rate), String(c.n)]),
      labelColumns: 2,
    },
  ];
}

/** A share out of n as a Wilson interval (the share is a count over n, so the count is recovered exactly). */
const shareInterval = (share: number | null, n: number) =>
  share === null ? { low: null, high: null } : wilson(Math.round(share * n), n);

function flipChart(a: PactSummary, footer: ChartFooter): Chart {
  const kinds = [
    ['culture → preference', 'cultureToPreference'],
    ['preference → culture', 'preferenceToCulture'],
    ['any flip', 'flipRate'],
  ] as const;
  return barChart({
    id: 'balance-flips',
    title: 'Paired flips, no-balance → balance',
    categories: kinds.map(([k]) => k),
    xLabel: 'direction of the flip',
    yDomain: [0, 1],
    yLabel: 'share of paired answers',
    categoryNotes: kinds.map(() => nNote(a.balanceFlips.map((f) => f.paired))),
    series: a.balanceFlips.map((f) => ({
      name: f.model,
      values: kinds.map(([, k]) => f[k]),
      low: kinds.map(([, k]) => shareInterval(f[k], f.paired).low),
      high: kinds.map(([, k]) => shareInterval(f[k], f.paired).high),
    })),
    notes: [
      `Bars: share of pairs (same instance, demographics and run under both prompts, valid on both sides) whose decision changed. ${WILSON} n: pairs per model, in legend order.`,
      ...footer,
    ],
  });
}

function conflictChart(a: PactSummary, footer: ChartFooter): Chart {
  const models = uniq(a.itemVariability.map((v) => v.model));
  const prompts = uniq(a.itemVariability.map((v) => v.systemPrompt));
  const find = (m: string, p: string) => a.itemVariability.find((v) => v.model === m && v.systemPrompt === p);
  return barChart({
    id: 'conflict-rate',
    title: 'Conflict rate per model and system prompt',
    categories: prompts,
    xLabel: 'system prompt',
    yDomain: [0, 1],
    yLabel: 'share of items with both decisions',
    categoryNotes: prompts.map((p) => nNote(models.map((m) => find(m, p)?.items ?? null))),
    series: models.map((m) => ({
      name: m,
      values: prompts.map((p) => find(m, p)?.conflictRate ?? null),
      low: prompts.map((p) => shareInterval(find(m, p)?.conflictRate ?? null, find(m, p)?.items ?? 0).low),
      high: prompts.map((p) => shareInterval(find(m, p)?.conflictRate ?? null, find(m, p)?.items ?? 0).high),
    })),
    notes: [
      `Bars: share of source items answered both ways across their variants. ${WILSON} n: items per model, in legend order.`,
      ...footer,
    ],
  });
}

function flipAndVariability(a: PactSummary, footer: ChartFooter): ReportSection[] {
  return [
    {
      title: 'Balance vs no-balance: paired flip rate',
      note: 'The same instance, demographic condition and run under both system prompts; pairs valid on both sides.',
      charts: a.balanceFlips.length ? [flipChart(a, footer)] : [],
      header: [
        'model',
        'pairs',
        'no-balance allow',
        'balance allow',
        'culture → preference',
        'preference → culture',
        'flip rate',
      ],
      rows: a.balanceFlips.map((f) => [
        f.model,
        String(f.paired),
        pct(f.noBalanceAllowRate),
        pct(f.balanceAllowRate),
        pct(f.cultureToPreference),
        pct(f.preferenceToCulture),
        pct(f.flipRate),
      ]),
      labelColumns: 1,
    },
    {
      title: 'Per-item decision entropy and conflict rate',
      note: 'Per source item, the entropy (bits) of its valid decisions over every variant asked (relations, demographics, configurations, runs); conflict rate: share of items with both decisions.',
      charts: a.itemVariability.length ? [conflictChart(a, footer)] : [],
      header: ['model', 'system prompt', 'items', 'mean entropy (bits)', 'conflict rate'],
      rows: a.itemVariability.map((v) => [
        v.model,
        v.systemPrompt,
        String(v.items),
        fmt(v.meanEntropy, 3),
        pct(v.conflictRate),
      ]),
      labelColumns: 2,
    },
  ];
}

function regressionSection(a: PactSummary, footer: ChartFooter): ReportSection {
  const terms = Object.keys(REGRESSION_TERMS);
  return {
    title: 'Logistic regression of following the culture: drop-one deviance shares',
    note: "Follow culture ~ scenario country + actor and receiver age + actor and receiver gender + relation + configuration (valid rows, IRLS; checked against statsmodels). Share: a term's drop-one deviance over the null deviance. The paper reports country 7.8%, age 1%, gender 0.7%.",
    charts: [
      barChart({
        id: 'regression-deviance',
        title: 'Drop-one deviance share per term',
        categories: terms,
        xLabel: 'term dropped from the model',
        yLabel: 'share of null deviance (%)',
        format: (v) => v.toFixed(1),
        series: a.regressions.map((r) => ({
          name: r.model,
          values: terms.map((t) => {
            const share = r.terms.find((x) => x.term === t)?.share;
            return share === undefined ? null : share * 100;
          }),
        })),
        notes: [
          `Bars: a term's drop-one deviance as a percentage of the null deviance. n (valid answer rows): ${a.regressions.map((r) => `${r.model} ${r.observations}`).join(', ')}.`,
          ...footer,
        ],
      }),
    ],
    header: ['model', 'observations', 'term', 'df', 'drop-one deviance', 'share of null deviance', 'converged'],
    rows: a.regressions.flatMap((r) =>
      r.terms.map((t) => [
        r.model,
        String(r.observations),
        t.term,
        String(t.df),
        fmt(t.deviance, 2),
        pct(t.share),
        r.converged ? 'yes' : 'no',
      ]),
    ),
    labelColumns: 1,
  };
}

/** The paper's section-4 analyses of model decisions, in report order. */
export function behaviourSections(a: PactSummary, footer: ChartFooter): ReportSection[] {
  return [
    rateSection('Allow-preference rate per model', a.overall, ['model'], footer, {
      id: 'rate-per-model',
      title: 'Allow-preference rate per model',
      categories: ['model'],
      xLabel: 'model',
    }),
    rateSection(
      'C1 → C3 profile (allow-preference rate by configuration)',
      a.configurationProfile,
      ['model', 'configuration'],
      footer,
      {
        id: 'rate-by-configuration',
        title: 'Allow-preference rate by configuration',
        categories: ['configuration'],
        xLabel: 'configuration (C1 actor_pref_only, C2 swapped, C3 both_prefs)',
      },
    ),
    rateSection(
      'By configuration and relation',
      a.byConfigurationRelation,
      ['model', 'configuration', 'relation'],
      footer,
      {
        id: 'rate-by-configuration-relation',
        title: 'Allow-preference rate by configuration · relation',
        categories: ['configuration', 'relation'],
        xLabel: 'configuration · relation (actor country vs receiver country)',
      },
    ),
    rateSection(
      'By condition (system prompt × demographics)',
      a.byCondition,
      ['model', 'system_prompt', 'demographics'],
      footer,
      {
        id: 'rate-by-condition',
        title: 'Allow-preference rate by condition',
        categories: ['system_prompt', 'demographics'],
        xLabel: 'condition (system prompt · demographics stated)',
      },
    ),
    demographicSection(a, footer),
    ...regionSections(a, footer),
    ...flipAndVariability(a, footer),
    regressionSection(a, footer),
    rateSection('By source', a.bySource, ['model', 'source'], footer),
    rateSection('By preference type', a.byPreferenceType, ['model', 'preference_type'], footer),
    rateSection('By receiver region', a.byReceiverRegion, ['model', 'receiver_region'], footer),
    rateSection('By receiver country', a.byReceiverCountry, ['model', 'receiver_country'], footer),
    rateSection(
      'Option-position check (culture option shown as A or B)',
      a.optionPosition,
      ['model', 'culture_option'],
      footer,
    ),
    {
      title: 'Majority of runs (normforge’s earlier view)',
      note: 'One decision per instance and condition, the majority of its runs (ties left out), then the share allowing preference. Not the authors’ rate.',
      header: ['model', 'allow-preference rate [95% CI]', 'decided', 'tied or unknown'],
      rows: a.majorityOfRuns.map((m) => [
        m.model,
        `${pct(m.rate)} [${pct(m.low)}, ${pct(m.high)}]`,
        String(m.n),
        String(m.undecided),
      ]),
      labelColumns: 1,
    },
    {
      title: "Cramér's V per factor",
      note: "Each factor against the decision over valid answer rows: Pearson's chi-square test of independence (no continuity correction) and Cramér's V = sqrt(χ² / (n · (min(levels, 2) − 1))). '–': the factor has a single level.",
      header: ['factor', "Cramér's V", 'χ²', 'df', 'p-value', 'n'],
      rows: a.associations.map((x) => [
        x.factor,
        fmt(x.cramersV, 3),
        fmt(x.chiSquare, 1),
        String(x.df),
        pValue(x.pValue),
        String(x.n),
      ]),
      labelColumns: 1,
    },
  ];
}
