import { fmt } from './html-page.ts';
import type { PactSummary, RateCell } from './pact-analysis.ts';
import { type ChartFooter, nNote, uniq, WILSON } from './pact-report-charts.ts';
import { demographicSection, regionSections } from './pact-report-deltas.ts';
import { REGRESSION_TERMS } from './pact-regression.ts';
import { flipAndVariability } from './pact-report-variability.ts';
import { pct, pValue, type ReportSection } from './report-section.ts';
import { barChart, type Chart } from '../io/svg/bar-chart.ts';

const interval = (c: RateCell) => `${pct(c.rate)} [${pct(c.low)}, ${pct(c.high)}]`;

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
