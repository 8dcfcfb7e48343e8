import { barChart, confusionChart, escapeHtml } from './charts.ts';
import type { AgreementRow, PactQcStats, QcStats, StatementsQcStats } from './stats-schemas.ts';

const pct = (v: number | null) => (v === null ? 'undefined' : `${(v * 100).toFixed(1)}%`);
const num = (v: number | null) => (v === null ? 'undefined' : v.toFixed(3));
const ci = (c: [number, number] | null) => (c ? ` [${c[0].toFixed(3)}, ${c[1].toFixed(3)}]` : '');

interface Table {
  header: string[];
  rows: string[][];
}

function tables(stats: QcStats): { title: string; table: Table }[] {
  return stats.dataset === 'pact' ? pactTables(stats) : statementTables(stats);
}

function agreementCells(a: AgreementRow): string[] {
  return [String(a.items_rated_twice), `${pct(a.observed)}${ci(a.ci95.observed)}`, `${num(a.pabak)}${ci(a.ci95.pabak)}`, `${num(a.gwet_ac1)}${ci(a.ci95.gwet_ac1)}`];
}

function pactTables(s: PactQcStats): { title: string; table: Table }[] {
  const header = ['criterion', 'ratings', 'human pass rate', 'LLM pass rate', 'items rated ≥2', 'observed agreement', 'PABAK', "Gwet's AC1"];
  const rows = s.criteria.map((c) => [c.criterion, String(c.ratings), pct(c.pass_rate), pct(c.llm_pass_rate), ...agreementCells(c.agreement)]);
  rows.push(['all criteria', '', '', '', ...agreementCells(s.overall)]);
  return [{ title: 'Validation criteria: pass rate and inter-annotator agreement (95% bootstrap CI)', table: { header, rows } }];
}

function statementTables(s: StatementsQcStats): { title: string; table: Table }[] {
  const header = ['dimension', 'pairs', 'human ratings', 'relevance precision', 'pairwise MAE', 'human median vs LLM MAE'];
  const rows = s.dimensions.map((d) => [d.dimension, String(d.pairs), String(d.human_ratings), pct(d.relevance_precision), num(d.pairwise_mae), num(d.human_vs_llm_mae)]);
  rows.push(['all', String(s.coverage.items), String(s.coverage.imported_ratings), pct(s.relevance_precision), num(s.pairwise_mae), num(s.human_vs_llm_mae)]);
  const agreement = { header: ['judgment', 'items rated ≥2', 'observed agreement', 'PABAK', "Gwet's AC1"], rows: [['relevant', ...agreementCells(s.relevance_agreement)]] };
  return [
    { title: `Relevance precision and score error per dimension (${s.statements} statements, ${s.coverage.items} predictions)`, table: { header, rows } },
    { title: `Agreement on relevance (score: Krippendorff's alpha, ordinal = ${num(s.score_alpha_ordinal)})`, table: agreement },
  ];
}

export function coverageLine(s: QcStats): string {
  const c = s.coverage;
  return `${c.annotators} annotators, ${c.items} items, ${c.imported_ratings} of ${c.expected_ratings} ratings complete (${c.missing_ratings} missing).`;
}

/** Said first, in every rendering, when the "human" ratings came from the simulated annotator. */
export function simulatedNotice(stats: QcStats): string | null {
  if (!stats.simulated_ratings) return null;
  return `SIMULATED HUMAN RATINGS: the sheets of ${stats.simulated_annotators.join(', ')} were filled by normforge's deterministic simulated annotator, not by people. These figures exercise the workflow only; they are not a human quality check.`;
}

function markdownTable(t: Table): string {
  return [`| ${t.header.join(' | ')} |`, `| ${t.header.map(() => '---').join(' | ')} |`, ...t.rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}

/**
 * The papers' tables (PACT: per criterion; statements: relevance precision and per-dimension MAE)
 * as Markdown under headings of the given level; `report.md` and the dataset card both show these.
 */
export function renderTablesMarkdown(stats: QcStats, headingLevel: number): string {
  const hashes = '#'.repeat(headingLevel);
  return tables(stats)
    .map(({ title, table }) => `${hashes} ${title}\n\n${markdownTable(table)}`)
    .join('\n\n');
}

export function renderMarkdown(stats: QcStats): string {
  const notice = simulatedNotice(stats);
  const out = [`# QC report: ${stats.dataset}, ${stats.round}`, '', ...(notice ? [`> [!WARNING]\n> **${notice}**`, ''] : []), coverageLine(stats), '', renderTablesMarkdown(stats, 2), ''];
  for (const c of stats.confusion) {
    out.push(`## Human vs LLM: ${c.judgment}`, '', `| human \\ LLM | ${c.llm_labels.join(' | ')} |`, `| --- | ${c.llm_labels.map(() => '---:').join(' | ')} |`);
    c.human_labels.forEach((h, i) => out.push(`| ${h} | ${c.counts[i].join(' | ')} |`));
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

function charts(stats: QcStats): string[] {
  if (stats.dataset === 'pact') {
    const bars = stats.criteria.map((c) => ({ label: c.criterion, values: [c.pass_rate, c.agreement.observed, c.agreement.gwet_ac1] }));
    return [barChart('Per criterion: pass rate and agreement', ['human pass rate', 'observed agreement', "Gwet's AC1"], bars, 1, (v) => v.toFixed(2))];
  }
  const precision = stats.dimensions.map((d) => ({ label: d.dimension, values: [d.relevance_precision] }));
  const mae = stats.dimensions.map((d) => ({ label: d.dimension, values: [d.pairwise_mae, d.human_vs_llm_mae] }));
  const maxMae = Math.max(1, ...stats.dimensions.flatMap((d) => [d.pairwise_mae ?? 0, d.human_vs_llm_mae ?? 0]));
  return [
    barChart('Relevance precision per dimension', ['relevance precision'], precision, 1, (v) => v.toFixed(2)),
    barChart('Score MAE per dimension', ['pairwise inter-annotator', 'human median vs LLM'], mae, Math.ceil(maxMae), (v) => v.toFixed(2)),
  ];
}

function htmlTable(t: Table): string {
  const head = t.header.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = t.rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** A self-contained page: inline CSS and SVG only, so it opens offline and prints. */
export function renderHtml(stats: QcStats): string {
  const sections = tables(stats).map(({ title, table }) => `<h2>${escapeHtml(title)}</h2>${htmlTable(table)}`);
  const notice = simulatedNotice(stats);
  const banner = notice ? `<p class="simulated" role="alert"><strong>${escapeHtml(notice)}</strong></p>\n` : '';
  const confusions = stats.confusion.map((c) => confusionChart(`Human vs LLM: ${c.judgment}`, c.human_labels, c.llm_labels, c.counts));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>QC report: ${escapeHtml(stats.dataset)} ${escapeHtml(stats.round)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:72rem;color:#222}table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:right}td:first-child,th:first-child{text-align:left}th{background:#f0f0f0}.charts{display:flex;flex-wrap:wrap;gap:1.5rem}figure{margin:0}.simulated{background:#fde2e1;border:2px solid #c0392b;padding:.8rem 1rem;color:#7b1d14}</style>
</head><body>
<h1>QC report: ${escapeHtml(stats.dataset)}, ${escapeHtml(stats.round)}</h1>
${banner}<p>${escapeHtml(coverageLine(stats))}</p>
<div class="charts">${charts(stats).join('')}</div>
${sections.join('\n')}
<h2>Human labels vs LLM labels</h2>
<div class="charts">${confusions.join('')}</div>
</body></html>
`;
}
