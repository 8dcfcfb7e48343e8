import { fmt } from './html-page.ts';
import type { PactSummary } from './pact-analysis.ts';
import { type ChartFooter, nNote, uniq, WILSON } from './pact-report-charts.ts';
import { pct, type ReportSection } from './report-section.ts';
import { barChart, type Chart } from '../io/svg/bar-chart.ts';
import { wilson } from '../stats/proportions.ts';

/** The PACT report's sections on how stable decisions are: paired flips between system prompts, per-item entropy and conflict. */

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

export function flipAndVariability(a: PactSummary, footer: ChartFooter): ReportSection[] {
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
