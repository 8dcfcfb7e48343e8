import { fmt, htmlPage, htmlTable, mdTable } from './html-page.ts';
import type { PactSummary, RateCell } from './pact-analysis.ts';
import { PERSONA_POOLING, type PactAlignmentRow } from './pact-alignment.ts';
import { escapeXml, groupedBarChart } from './svg.ts';

export interface PactEvalSummary {
  dataset: 'pact';
  simulated: boolean;
  input: string;
  models: Array<{ id: string; model: string; simulated: boolean }>;
  conditions: string[];
  sample: { n: number; seed: number; drawn: number; of: number } | null;
  analysis: PactSummary;
  alignment: PactAlignmentRow[] | null;
}

const SIM_BANNER = 'Simulated: these answers come from the offline simulator, not from real models.';
const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(1)}%`);
const interval = (c: RateCell) => `${pct(c.rate)} [${pct(c.low)}, ${pct(c.high)}] n=${c.n}`;

function rateChart(cells: RateCell[], title: string, categoryKeys: string[]): string {
  const models = [...new Set(cells.map((c) => c.keys.model))];
  const categories = [...new Set(cells.map((c) => categoryKeys.map((k) => c.keys[k]).join(' · ')))];
  const find = (m: string, cat: string) => cells.find((c) => c.keys.model === m && categoryKeys.map((k) => c.keys[k]).join(' · ') === cat);
  return groupedBarChart({
    title,
    categories,
    series: models.map((m) => ({
      name: m,
      values: categories.map((cat) => find(m, cat)?.rate ?? null),
      low: categories.map((cat) => find(m, cat)?.low ?? null),
      high: categories.map((cat) => find(m, cat)?.high ?? null),
    })),
    yMax: 1,
    yLabel: 'allow-preference rate',
  });
}

function rateTableRows(cells: RateCell[], keys: string[]): string[][] {
  return cells.map((c) => [...keys.map((k) => c.keys[k]), interval(c)]);
}

const TABLES: Array<{ title: string; pick: (a: PactSummary) => RateCell[]; keys: string[] }> = [
  { title: 'By model', pick: (a) => a.overall, keys: ['model'] },
  { title: 'By configuration and relation', pick: (a) => a.byConfigurationRelation, keys: ['model', 'configuration', 'relation'] },
  { title: 'By condition (system prompt × demographics)', pick: (a) => a.byCondition, keys: ['model', 'system_prompt', 'demographics'] },
  { title: 'By source', pick: (a) => a.bySource, keys: ['model', 'source'] },
  { title: 'By receiver region', pick: (a) => a.byReceiverRegion, keys: ['model', 'receiver_region'] },
  { title: 'By receiver country', pick: (a) => a.byReceiverCountry, keys: ['model', 'receiver_country'] },
  { title: 'Option-position check (culture option shown as A or B)', pick: (a) => a.optionPosition, keys: ['model', 'culture_option'] },
];

function alignmentRows(rows: PactAlignmentRow[]): string[][] {
  return rows.map((r) => [r.model, r.target, r.persona ? 'with persona' : 'without persona', r.respondent_country ?? 'all', String(r.metrics.units), pct(r.metrics.majorityAlignment), fmt(r.metrics.rateMae, 3), fmt(r.metrics.signedCultureGap, 3), fmt(r.metrics.uncertaintyCorrelation, 3)]);
}
const POOLING_NOTE = `Culture-following rates are compared per scenario. ${PERSONA_POOLING.withPersona}; ${PERSONA_POOLING.withoutPersona}; ${PERSONA_POOLING.humans}.`;
const ALIGNMENT_HEADER = ['model', 'human answer', 'prompt', 'respondents', 'scenarios', 'majority alignment', 'rate MAE', 'signed culture gap', 'uncertainty r'];

export function pactHtml(s: PactEvalSummary): string {
  const a = s.analysis;
  const assoc = htmlTable(['factor', "Cramér's V", 'χ²', 'n'], a.associations.map((x) => [{ text: x.factor, cls: 'l' }, { text: fmt(x.cramersV, 3) }, { text: fmt(x.chiSquare, 1) }, { text: String(x.n) }]));
  return htmlPage('PACT: culture-following vs preference-allowing', s.simulated ? SIM_BANNER : null, [
    `<p>Input ${escapeXml(s.input)}; ${s.models.length} models; conditions ${escapeXml(s.conditions.join(', '))}${s.sample ? `; stratified sample of ${s.sample.drawn} of ${s.sample.of} items (seed ${s.sample.seed})` : ''}. Decisions: ${a.decisions.settled} settled, ${a.decisions.unknown} unknown.</p>`,
    '<h2>Allow-preference rate by configuration and relation (Wilson 95% intervals)</h2>',
    `<div class="charts">${rateChart(a.byConfigurationRelation, 'Allow-preference rate by configuration · relation', ['configuration', 'relation'])}${rateChart(a.byCondition, 'Allow-preference rate by condition', ['system_prompt', 'demographics'])}</div>`,
    "<h2>Cramér's V per factor</h2>",
    assoc,
    ...TABLES.map((t) => `<h2>${escapeXml(t.title)}</h2>${htmlTable([...t.keys, 'allow-preference rate [95% CI]'], rateTableRows(t.pick(a), t.keys).map((r) => r.map((text, i) => ({ text, cls: i < t.keys.length ? 'l' : undefined }))))}`),
    s.alignment ? `<h2>Human alignment</h2><p>${escapeXml(POOLING_NOTE)}</p>${htmlTable(ALIGNMENT_HEADER, alignmentRows(s.alignment).map((r) => r.map((text, i) => ({ text, cls: i < 4 ? 'l' : undefined }))))}` : '',
  ]);
}

export function pactMarkdown(s: PactEvalSummary): string {
  const a = s.analysis;
  return [
    '# PACT: culture-following vs preference-allowing',
    s.simulated ? `\n> ${SIM_BANNER}\n` : '',
    `Input: ${s.input}. Conditions: ${s.conditions.join(', ')}. Decisions: ${a.decisions.settled} settled, ${a.decisions.unknown} unknown.`,
    "\n## Cramér's V per factor\n",
    mdTable(['factor', "Cramér's V", 'chi2', 'n'], a.associations.map((x) => [x.factor, fmt(x.cramersV, 3), fmt(x.chiSquare, 1), String(x.n)])),
    ...TABLES.map((t) => `\n## ${t.title}\n\n${mdTable([...t.keys, 'allow-preference rate [95% CI]'], rateTableRows(t.pick(a), t.keys))}`),
    s.alignment ? `\n## Human alignment\n\n${POOLING_NOTE}\n\n${mdTable(ALIGNMENT_HEADER, alignmentRows(s.alignment))}` : '',
    '',
  ].join('\n');
}
