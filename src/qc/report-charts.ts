import { barChart, type Chart } from '../io/svg/bar-chart.ts';
import { heatmap } from '../io/svg/heatmap.ts';
import type { AgreementRow, PactQcStats, QcStats, StatementsQcStats } from './stats-schemas.ts';

/**
 * The QC report's charts, each one measure on one titled axis, with n under every group and the
 * bootstrap intervals of the tables drawn as whiskers, so a chart can go into a paper as it is.
 */
const AGREEMENT = [
  { key: 'observed', name: 'observed agreement' },
  { key: 'pabak', name: 'PABAK' },
  { key: 'gwet_ac1', name: "Gwet's AC1" },
] as const;

const SIMULATED_NOTE = 'Simulated annotators: these ratings exercise the workflow; they are not a human quality check.';
const CI_NOTE = 'Whiskers: 95% percentile bootstrap interval over items.';

function notes(stats: QcStats, ...lines: string[]): string[] {
  return [...lines, ...(stats.simulated_ratings ? [SIMULATED_NOTE] : [])];
}

function agreementSeries(rows: AgreementRow[]) {
  return AGREEMENT.map(({ key, name }) => ({
    name,
    values: rows.map((a) => a[key]),
    low: rows.map((a) => a.ci95[key]?.[0] ?? null),
    high: rows.map((a) => a.ci95[key]?.[1] ?? null),
  }));
}

/** Agreement coefficients can be negative; the axis then goes below 0, and never past ±1. */
function agreementDomain(rows: AgreementRow[]): [number, number] {
  const lows = rows
    .flatMap((a) => AGREEMENT.flatMap(({ key }) => [a[key], a.ci95[key]?.[0] ?? null]))
    .filter((v): v is number => v !== null);
  return [Math.max(-1, Math.min(0, ...lows)), 1];
}

function pactCharts(s: PactQcStats): Chart[] {
  const rows = [...s.criteria.map((c) => c.agreement), s.overall];
  return [
    barChart({
      id: 'pass-rate-per-criterion',
      title: 'Pass rate per validation criterion: human annotators and the LLM validator',
      categories: s.criteria.map((c) => c.criterion),
      categoryNotes: s.criteria.map((c) => `n = ${c.ratings} ratings`),
      series: [
        { name: 'human pass rate', values: s.criteria.map((c) => c.pass_rate) },
        { name: 'LLM pass rate', values: s.criteria.map((c) => c.llm_pass_rate) },
      ],
      yLabel: 'pass rate (share, 0–1)',
      xLabel: 'validation criterion',
      yDomain: [0, 1],
      notes: notes(s, 'Pass rate: share of ratings "yes" (human), share of items the LLM passed.'),
    }),
    barChart({
      id: 'agreement-per-criterion',
      title: 'Inter-annotator agreement per validation criterion',
      categories: [...s.criteria.map((c) => c.criterion), 'all criteria'],
      categoryNotes: rows.map((a) => `n = ${a.items_rated_twice} items`),
      series: agreementSeries(rows),
      yLabel: 'agreement coefficient',
      xLabel: 'validation criterion (n = items rated by two or more annotators)',
      yDomain: agreementDomain(rows),
      notes: notes(s, CI_NOTE),
    }),
  ];
}

function statementCharts(s: StatementsQcStats): Chart[] {
  const dims = s.dimensions;
  const maeValues = dims.flatMap((d) => [d.pairwise_mae, d.human_vs_llm_mae]);
  return [
    barChart({
      id: 'relevance-precision-per-dimension',
      title: 'Relevance precision per dimension',
      categories: dims.map((d) => d.dimension),
      categoryNotes: dims.map((d) => `n = ${d.human_ratings}`),
      series: [{ name: 'relevance precision', values: dims.map((d) => d.relevance_precision) }],
      yLabel: 'precision (share, 0–1)',
      xLabel: 'value-framework dimension (n = human ratings)',
      yDomain: [0, 1],
      notes: notes(s, 'Precision: share of human ratings of LLM-relevant pairs that say "relevant".'),
    }),
    barChart({
      id: 'score-mae-per-dimension',
      title: 'Score error per dimension (mean absolute error)',
      categories: dims.map((d) => d.dimension),
      categoryNotes: dims.map((d) => `n = ${d.pairs}`),
      series: [
        { name: 'pairwise inter-annotator', values: dims.map((d) => d.pairwise_mae) },
        { name: 'human median vs LLM', values: dims.map((d) => d.human_vs_llm_mae) },
      ],
      // scaled to the data (not to a whole score point), so small errors stay readable
      yLabel: 'MAE (score points, −2…2 scale)',
      xLabel: 'value-framework dimension (n = statement–dimension pairs)',
      yDomain: [0, Math.max(0.01, ...maeValues.filter((v): v is number => v !== null))],
      format: (v) => v.toFixed(2),
      notes: notes(s),
    }),
    barChart({
      id: 'relevance-agreement',
      title: 'Inter-annotator agreement on relevance (yes/no)',
      categories: AGREEMENT.map((a) => a.name),
      categoryNotes: AGREEMENT.map(() => `n = ${s.relevance_agreement.items_rated_twice} items`),
      series: [
        {
          name: 'relevance',
          values: AGREEMENT.map(({ key }) => s.relevance_agreement[key]),
          low: AGREEMENT.map(({ key }) => s.relevance_agreement.ci95[key]?.[0] ?? null),
          high: AGREEMENT.map(({ key }) => s.relevance_agreement.ci95[key]?.[1] ?? null),
        },
      ],
      yLabel: 'agreement coefficient',
      xLabel: 'coefficient (n = items rated by two or more annotators)',
      yDomain: agreementDomain([s.relevance_agreement]),
      notes: notes(s, CI_NOTE),
    }),
  ];
}

export function qcCharts(stats: QcStats): Chart[] {
  const confusions = stats.confusion.map((c) =>
    heatmap({
      id: `human-vs-llm-${c.judgment}`,
      title: `Human vs LLM labels: ${c.judgment}`,
      rowTitle: 'human label',
      colTitle: 'LLM label',
      rows: c.human_labels,
      cols: c.llm_labels,
      values: c.counts,
      notes: notes(stats, 'Cells: number of human ratings.'),
    }),
  );
  return [...(stats.dataset === 'pact' ? pactCharts(stats) : statementCharts(stats)), ...confusions];
}
