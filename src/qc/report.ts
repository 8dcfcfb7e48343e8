import { chartFigure, fileLinks } from '../io/svg/files.ts';
import type { Chart } from '../io/svg/bar-chart.ts';
import { escapeXml } from '../io/svg/text.ts';
import { tables, type Table } from './report-tables.ts';
import type { QcStats } from './stats-schemas.ts';

import { renderTablesMarkdown } from './report-tables.ts';

export { renderTablesMarkdown };

export function coverageLine(s: QcStats): string {
  const c = s.coverage;
  return `${c.annotators} annotators, ${c.items} items, ${c.imported_ratings} of ${c.expected_ratings} ratings complete (${c.missing_ratings} missing).`;
}

/** Said first, in every rendering, when the "human" ratings came from the simulated annotator. */
export function simulatedNotice(stats: QcStats): string | null {
  if (!stats.simulated_ratings) return null;
  return `SIMULATED HUMAN RATINGS: the sheets of ${stats.simulated_annotators.join(', ')} were filled by normforge's deterministic simulated annotator, not by people. These figures exercise the workflow only; they are not a human quality check.`;
}

export function renderMarkdown(stats: QcStats): string {
  const notice = simulatedNotice(stats);
  const out = [
    `# QC report: ${stats.dataset}, ${stats.round}`,
    '',
    ...(notice ? [`> [!WARNING]\n> **${notice}**`, ''] : []),
    coverageLine(stats),
    '',
    renderTablesMarkdown(stats, 2),
    '',
  ];
  for (const c of stats.confusion) {
    out.push(
      `## Human vs LLM labels: ${c.judgment}`,
      '',
      `| human \\ LLM | ${c.llm_labels.join(' | ')} |`,
      `| --- | ${c.llm_labels.map(() => '---:').join(' | ')} |`,
    );
    c.human_labels.forEach((h, i) => out.push(`| ${h} | ${c.counts[i].join(' | ')} |`));
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

function htmlTable(t: Table): string {
  const head = t.header.map((h) => `<th>${escapeXml(h)}</th>`).join('');
  const body = t.rows.map((r) => `<tr>${r.map((c) => `<td>${escapeXml(c)}</td>`).join('')}</tr>`).join('');
  const notes = t.notes.map((n) => `<p class="note">${escapeXml(n)}</p>`).join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>${notes}`;
}

export interface HtmlCharts {
  charts: Chart[];
  /** Whether `charts/<id>.png` files were drawn beside the report (else only the SVGs are linked). */
  png: boolean;
}

/** A self-contained page: inline CSS and SVG only, so it opens offline and prints; each chart links its SVG and PNG files. */
export function renderHtml(stats: QcStats, drawn: HtmlCharts): string {
  const sections = tables(stats).map(({ title, table }) => `<h2>${escapeXml(title)}</h2>${htmlTable(table)}`);
  const notice = simulatedNotice(stats);
  const banner = notice ? `<p class="simulated" role="alert"><strong>${escapeXml(notice)}</strong></p>\n` : '';
  const [heatmaps, bars] = [
    drawn.charts.filter((c) => c.svg.includes('class="chart confusion"')),
    drawn.charts.filter((c) => !c.svg.includes('class="chart confusion"')),
  ];
  const figures = (list: Chart[]) => list.map((c) => chartFigure(c, fileLinks(c, drawn.png))).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>QC report: ${escapeXml(stats.dataset)} ${escapeXml(stats.round)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:80rem;color:#222}table{border-collapse:collapse;margin:1rem 0 .3rem}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:right}td:first-child,th:first-child{text-align:left}th{background:#f0f0f0}.note{color:#555;font-size:13px;margin:.2rem 0}.charts{display:flex;flex-wrap:wrap;gap:1.5rem;align-items:flex-start}figure{margin:0}figcaption{font-size:13px;color:#555}.simulated{background:#fde2e1;border:2px solid #c0392b;padding:.8rem 1rem;color:#7b1d14}</style>
</head><body>
<h1>QC report: ${escapeXml(stats.dataset)}, ${escapeXml(stats.round)}</h1>
${banner}<p>${escapeXml(coverageLine(stats))}</p>
<div class="charts">${figures(bars)}</div>
${sections.join('\n')}
<h2>Human labels vs LLM labels</h2>
<div class="charts">${figures(heatmaps)}</div>
</body></html>
`;
}
