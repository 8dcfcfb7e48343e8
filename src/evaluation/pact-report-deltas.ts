import { pct, pp, type ReportSection } from './report-section.ts';
import { type ChartFooter, uniq } from './pact-report-charts.ts';
import type { PactSummary } from './pact-analysis.ts';
import { barChart, type Chart } from '../io/svg/bar-chart.ts';
import { heatmap } from '../io/svg/heatmap.ts';

/** The PACT report's sections comparing groups: demographic deltas, receiver-region shifts, the actor × receiver region heatmap. */

/** n for the charts that show differences: each model's valid answer rows. */
const modelRows = (a: PactSummary) =>
  `n (valid answer rows): ${a.overall.map((c) => `${c.keys.model} ${c.n}`).join(', ')}.`;

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

export function demographicSection(a: PactSummary, footer: ChartFooter): ReportSection {
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

export function regionSections(a: PactSummary, footer: ChartFooter): ReportSection[] {
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
