import { basename } from 'node:path';
import type { Chart } from '../io/svg/bar-chart.ts';
import { escapeXml } from '../io/svg/text.ts';
import { htmlPage } from './html-page.ts';
import type { PactSummary } from './pact-analysis.ts';
import type { PactHumanAlignment } from './pact-human-alignment.ts';
import type { HumanStudySummary } from './pact-human-study.ts';
import { behaviourSections } from './pact-report-behaviour.ts';
import { humanReportSections } from './pact-report-human.ts';
import { sectionHtml, sectionMarkdown, type ReportSection } from './report-section.ts';
import type { CellCoverage } from './sampling.ts';

export interface PactEvalSummary {
  dataset: 'pact';
  simulated: boolean;
  input: string;
  models: Array<{ id: string; model: string; simulated: boolean }>;
  conditions: string[];
  sample: { n: number; seed: number; drawn: number; of: number; minPerCell: number; coverage: CellCoverage[] } | null;
  analysis: PactSummary;
  humanStudy: HumanStudySummary | null;
  alignment: PactHumanAlignment | null;
}

const SIM_BANNER = 'Simulated: these answers come from the offline simulator, not from real models.';

function coverageSection(s: PactEvalSummary): ReportSection | null {
  if (!s.sample) return null;
  const empty = s.sample.coverage.filter((c) => c.drawn === 0).map((c) => c.cell);
  return {
    title: 'Sample coverage (configuration × relation × source)',
    note: `Each cell gets at least ${s.sample.minPerCell} item(s), or all it has. ${empty.length ? `Empty cells (no item in the input): ${empty.join('; ')}.` : 'No cell is empty.'}`,
    header: ['cell', 'items available', 'items drawn'],
    rows: s.sample.coverage.map((c) => [c.cell, String(c.available), String(c.drawn)]),
    labelColumns: 1,
  };
}

/** The evaluated file by name: a report is shared, and a local absolute path means nothing to its reader. */
const inputName = (s: PactEvalSummary) => basename(s.input);

/** Under every chart: the data's source by name, the models, and whether the answers are simulated. */
function chartFooter(s: PactEvalSummary): string[] {
  const source = `Data: PACT items from ${inputName(s)}; answers of ${s.models.map((m) => m.id).join(', ')}.`;
  return s.simulated ? [`${source} ${SIM_BANNER}`] : [source];
}

function sections(s: PactEvalSummary): ReportSection[] {
  const coverage = coverageSection(s);
  const footer = chartFooter(s);
  return [
    ...(coverage ? [coverage] : []),
    ...behaviourSections(s.analysis, footer),
    ...humanReportSections(s.humanStudy, s.alignment, footer),
  ];
}

/** Every chart of the report, in order (for drawing their PNG downloads). */
export function pactCharts(s: PactEvalSummary): Chart[] {
  return sections(s).flatMap((x) => x.charts ?? []);
}

function intro(s: PactEvalSummary): string {
  const a = s.analysis.decisions;
  const sample = s.sample
    ? `; stratified sample of ${s.sample.drawn} of ${s.sample.of} items (seed ${s.sample.seed})`
    : '';
  return `Input ${inputName(s)}; ${s.models.length} models; conditions ${s.conditions.join(', ')}${sample}. PACT decisions: ${a.total} answer rows, ${a.valid} valid, ${a.unknown} UNKNOWN. Rates are over valid answer rows, as the authors rate.`;
}

/** The report page; each chart downloads as SVG and, when `pngs` holds it (Chromium drew it), as PNG. */
export function pactHtml(s: PactEvalSummary, pngs: ReadonlyMap<string, Buffer> = new Map()): string {
  return htmlPage('PACT: culture-following vs preference-allowing', s.simulated ? SIM_BANNER : null, [
    `<p>${escapeXml(intro(s))}</p>`,
    ...sections(s).map((x) => sectionHtml(x, pngs)),
  ]);
}

export function pactMarkdown(s: PactEvalSummary): string {
  return [
    '# PACT: culture-following vs preference-allowing',
    s.simulated ? `\n> ${SIM_BANNER}\n` : '',
    intro(s),
    ...sections(s).map(sectionMarkdown),
    '',
  ].join('\n');
}
