import type { Chart } from '../io/svg/bar-chart.ts';
import { chartFigure, inlineLinks } from '../io/svg/files.ts';
import { escapeXml } from '../io/svg/text.ts';
import { htmlTable, mdTable } from './html-page.ts';

/** One titled part of a report: an optional note and charts, then a table; rendered to HTML and Markdown alike. */
export interface ReportSection {
  title: string;
  note?: string;
  charts?: Chart[];
  header: string[];
  rows: string[][];
  /** How many leading columns are labels (left-aligned). */
  labelColumns: number;
}

/**
 * A section in the HTML report. Each chart downloads as SVG and, when `pngs` holds it (Chromium drew
 * it), as PNG, both inlined as data: URLs so the report stays one self-contained file.
 */
export function sectionHtml(s: ReportSection, pngs: ReadonlyMap<string, Buffer> = new Map()): string {
  const table = htmlTable(
    s.header,
    s.rows.map((r) => r.map((text, i) => ({ text, cls: i < s.labelColumns ? 'l' : undefined }))),
  );
  return [
    `<section><h2>${escapeXml(s.title)}</h2>`,
    s.note ? `<p class="note">${escapeXml(s.note)}</p>` : '',
    s.charts?.length
      ? `<div class="charts">${s.charts.map((c) => chartFigure(c, inlineLinks(c, pngs.get(c.id)))).join('')}</div>`
      : '',
    table,
    '</section>',
  ].join('');
}

export function sectionMarkdown(s: ReportSection): string {
  return [`\n## ${s.title}\n`, s.note ? `${s.note}\n` : '', mdTable(s.header, s.rows)].join('\n');
}

export const pct = (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${(v * 100).toFixed(1)}%`);
export const pp = (v: number | null | undefined) =>
  v === null || v === undefined ? '–' : `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)} pp`;
/** A p-value as a paper prints it: 4 decimals, or 2 significant digits in scientific notation below 0.0001 (never a bare 0). */
export const pValue = (v: number | null | undefined) =>
  v === null || v === undefined ? '–' : v < 1e-4 ? v.toExponential(1) : v.toFixed(4);
