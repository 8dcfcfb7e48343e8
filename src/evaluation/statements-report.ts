import type { Dimension } from '../schemas/framework.ts';
import { fmt, htmlPage, htmlTable, mdTable } from './html-page.ts';
import type { HumanScoreRow } from './records.ts';
import { languagePairs, type GroupBar, type Table3Row } from './statements-analysis.ts';
import { basename } from 'node:path';
import { barChart, type Chart } from '../io/svg/bar-chart.ts';
import { chartFigure, inlineLinks } from '../io/svg/files.ts';
import { escapeXml } from '../io/svg/text.ts';
import { divergingColour } from './svg.ts';

/** The value framework as the evaluation names it. */
export interface FrameworkSummary {
  id: string;
  name: string;
  source: { citation: string; url?: string };
  sha256: string;
  /** Its dimensions in its order: the order of every table and figure. */
  dimensions: Array<{ code: Dimension; name: string }>;
}

export interface StatementsSummary {
  dataset: 'sociocultural-statements';
  simulated: boolean;
  models: Array<{ id: string; model: string; group: string | null; simulated: boolean }>;
  languages: string[];
  framework: FrameworkSummary;
  counts: { statements: number; labels: number; decisions: number; unparseable: number; stances: number };
  bootstrap: { resamples: number; seed: number; alpha: number };
  table3: Table3Row[];
  figure1: { onlyDiffering: boolean; bars: GroupBar[]; human: HumanScoreRow[]; humanSource: string | null };
}

const SIM_BANNER = 'Simulated: these answers come from the offline simulator, not from real models.';

function diffCell(row: Table3Row, dimension: Dimension) {
  return row.comparisons.map((c) => {
    const d = c.dimensions.find((x) => x.dimension === dimension)!;
    if (d.n === 0) return { text: '–', sig: false, detail: '' };
    const r = d as Extract<typeof d, { significant: boolean }>;
    return {
      text: `${fmt(r.difference)}${r.significant ? '*' : ''}`,
      sig: r.significant,
      detail: `p=${fmt(r.pValue, 3)} [${fmt(r.ciLow)}, ${fmt(r.ciHigh)}] n=${r.n}`,
    };
  });
}

const codesOf = (s: StatementsSummary): Dimension[] => s.framework.dimensions.map((d) => d.code);

/** The framework named in the reports: name, id and content hash, and the published description. */
function frameworkLine(s: StatementsSummary): string {
  const f = s.framework;
  const dims = f.dimensions.map((d) => `${d.code} (${d.name})`).join(', ');
  const url = f.source.url ? ` ${f.source.url}` : '';
  return (
    `Value framework: ${f.name} (id ${f.id}, sha256 ${f.sha256.slice(0, 12)}): ${dims}. ` +
    `Source: ${f.source.citation}${url}`
  );
}

/** The language pairs Table 3 tests, as its column headers name them ("en−zh"). */
function pairNames(s: StatementsSummary): string[] {
  return languagePairs(s.languages).map(({ base, other }) => `${base}−${other}`);
}

function table3Html(s: StatementsSummary): string {
  const header = [
    'model',
    'dimension',
    ...s.languages.map((l) => `mean ${l}`),
    ...pairNames(s).map((pair) => `${pair} (95% CI, p)`),
  ];
  const rows = s.table3.flatMap((row) =>
    codesOf(s).map((dim) => [
      { text: row.model, cls: 'l' },
      { text: dim, cls: 'l' },
      ...s.languages.map((l) => ({
        text: fmt(row.profiles[l][dim].mean),
        style: `background:${divergingColour(row.profiles[l][dim].mean)}`,
      })),
      ...diffCell(row, dim).map((c) => ({ text: `${c.text} ${c.detail}`, cls: c.sig ? 'sig' : undefined })),
    ]),
  );
  return htmlTable(header, rows);
}

/** "US models: gpt-4o-mini, llama-3.1-8b" — who is behind a group's bars, named in the figure itself. */
function groupMembers(s: StatementsSummary, group: string): string {
  return s.models
    .filter((m) => m.group === group)
    .map((m) => m.id)
    .join(', ');
}

/** The human scores' sources by name (the file's `source` column, else its file name), never a local path. */
export function humanSourceNames(s: StatementsSummary): string[] {
  const cited = [...new Set(s.figure1.human.map((h) => h.source?.trim()).filter((x): x is string => !!x))];
  if (cited.length) return cited;
  return s.figure1.humanSource ? [`file ${basename(s.figure1.humanSource)}`] : [];
}

/** Figure 1 per language: each group's mean with its 95% interval and n, beside the human country scores. */
export function statementsCharts(s: StatementsSummary): Chart[] {
  const groups = [...new Set(s.figure1.bars.map((b) => b.group))];
  const countries = [...new Set(s.figure1.human.map((h) => h.country))];
  const sources = humanSourceNames(s);
  const dimensions = codesOf(s);
  // A member whose group is neither configured nor known by family is in Table 3 but in no bar: say so.
  const ungrouped = s.models.filter((m) => m.group === null).map((m) => m.id);
  return s.languages.map((language) => {
    const bar = (g: string, d: Dimension) =>
      s.figure1.bars.find((b) => b.group === g && b.language === language && b.dimension === d);
    const series = [
      ...groups.map((g) => ({
        name: `${g} models`,
        values: dimensions.map((d) => bar(g, d)?.value ?? null),
        low: dimensions.map((d) => bar(g, d)?.low ?? null),
        high: dimensions.map((d) => bar(g, d)?.high ?? null),
      })),
      ...countries.map((c) => ({
        name: `${c} (human)`,
        values: dimensions.map((d) => s.figure1.human.find((h) => h.country === c && h.dimension === d)?.score ?? null),
      })),
    ];
    return barChart({
      id: `figure-1-${language}`,
      title: `Figure 1 (${language}): model groups beside human country scores`,
      categories: dimensions,
      categoryNotes: dimensions.map((d) => `n = ${groups.map((g) => bar(g, d)?.n ?? 0).join(' / ')}`),
      series,
      yLabel: 'score (0–100)',
      xLabel: `${s.framework.name}: dimension (n = statements per group: ${groups.join(' / ')})`,
      yDomain: [0, 100],
      format: (v) => v.toFixed(0),
      notes: [
        ...groups.map((g) => `${g} models: ${groupMembers(s, g) || 'none'}.`),
        ...(ungrouped.length ? [`In no group (give the member a group): ${ungrouped.join(', ')}.`] : []),
        "Group bars: mean of the members' median answers per statement, mapped from [−2, 2] to [0, 100]; whiskers: 95% bootstrap interval over statements.",
        sources.length
          ? `Human scores: ${sources.join('; ').replace(/\.$/, '')}.`
          : 'No human country scores supplied.',
        ...(s.simulated ? [SIM_BANNER] : []),
      ],
    });
  });
}

/**
 * The report page. Each chart downloads as SVG and, when `pngs` holds it (Chromium drew it), as PNG;
 * both are inlined as data: URLs so the report stays a single self-contained file.
 */
export function statementsHtml(s: StatementsSummary, pngs: ReadonlyMap<string, Buffer> = new Map()): string {
  const charts = statementsCharts(s);
  const sources = humanSourceNames(s);
  const source = sources.length
    ? `Human scores: ${escapeXml(sources.join('; ').replace(/\.$/, ''))}.`
    : 'No human country scores supplied (config eval.humanScores).';
  return htmlPage('Sociocultural Statements: model evaluation', s.simulated ? SIM_BANNER : null, [
    `<p>${s.models.length} models, languages ${escapeXml(s.languages.join(', '))}; ${s.counts.labels} labelled (statement, dimension) pairs; ${s.counts.decisions} answers, ${s.counts.unparseable} unparseable.</p>`,
    `<p class="framework">${escapeXml(frameworkLine(s))}</p>`,
    '<h2>Figure 1: group profiles beside human country scores</h2>',
    `<p class="note">Group answer = median of its members' scores per statement${s.figure1.onlyDiffering ? ', only statements where the groups differ' : ''}; mean per dimension mapped linearly from [−2, 2] to [0, 100], with a 95% bootstrap interval over statements (${s.bootstrap.resamples} resamples, seed ${s.bootstrap.seed}). ${source}</p>`,
    `<div class="charts">${charts.map((c) => chartFigure(c, inlineLinks(c, pngs.get(c.id)))).join('')}</div>`,
    '<h2>Table 3: mean score per dimension, model and language</h2>',
    `<p class="note">Each pair of languages: paired bootstrap over the statements answered in both (${s.bootstrap.resamples} resamples, seed ${s.bootstrap.seed}); * and bold: p &lt; ${s.bootstrap.alpha}.</p>`,
    `<div class="table3">${table3Html(s)}</div>`,
  ]);
}

export function statementsMarkdown(s: StatementsSummary): string {
  const rows = s.table3.flatMap((row) =>
    codesOf(s).map((dim) => [
      row.model,
      dim,
      ...s.languages.map((l) => fmt(row.profiles[l][dim].mean)),
      ...diffCell(row, dim).map((c) => `${c.text} (${c.detail})`),
    ]),
  );
  const fig = s.figure1.bars.map((b) => [
    b.language,
    b.group,
    b.dimension,
    fmt(b.value, 1),
    b.low === null || b.high === null ? '–' : `[${fmt(b.low, 1)}, ${fmt(b.high, 1)}]`,
    String(b.n),
  ]);
  const groups = [...new Set(s.figure1.bars.map((b) => b.group))];
  return [
    '# Sociocultural Statements: model evaluation',
    s.simulated ? `\n> ${SIM_BANNER}\n` : '',
    `Models: ${s.models.map((m) => `${m.id}${m.group ? ` (${m.group})` : ''}`).join(', ')}. Languages: ${s.languages.join(', ')}. Answers: ${s.counts.decisions} (${s.counts.unparseable} unparseable).`,
    `\n${frameworkLine(s)}`,
    '\n## Table 3\n',
    `Paired bootstrap, ${s.bootstrap.resamples} resamples, seed ${s.bootstrap.seed}; * = p < ${s.bootstrap.alpha}.\n`,
    mdTable(['model', 'dimension', ...s.languages.map((l) => `mean ${l}`), ...pairNames(s)], rows),
    '\n## Figure 1 (groups, 0–100)\n',
    `Groups: ${groups.map((g) => `${g} = ${groupMembers(s, g)}`).join('; ')}. Interval: 95% bootstrap over statements.\n`,
    mdTable(['language', 'group', 'dimension', 'score', '95% CI', 'statements'], fig),
    s.figure1.human.length
      ? `\nHuman scores (${humanSourceNames(s).join('; ') || 'user file'}):\n\n${mdTable(
          ['country', 'dimension', 'score'],
          s.figure1.human.map((h) => [h.country, h.dimension, String(h.score)]),
        )}`
      : '',
    '',
  ].join('\n');
}
