import { escapeXml } from './svg.ts';
import { htmlTable, mdTable } from './html-page.ts';

/** One titled part of a report: an optional note and charts, then a table; rendered to HTML and Markdown alike. */
export interface ReportSection {
  title: string;
  note?: string;
  charts?: string[];
  header: string[];
  rows: string[][];
  /** How many leading columns are labels (left-aligned). */
  labelColumns: number;
}

export function sectionHtml(s: ReportSection): string {
  const table = htmlTable(s.header, s.rows.map((r) => r.map((text, i) => ({ text, cls: i < s.labelColumns ? 'l' : undefined }))));
  return [
    `<section><h2>${escapeXml(s.title)}</h2>`,
    s.note ? `<p class="note">${escapeXml(s.note)}</p>` : '',
    s.charts?.length ? `<div class="charts">${s.charts.join('')}</div>` : '',
    table,
    '</section>',
  ].join('');
}

export function sectionMarkdown(s: ReportSection): string {
  return [`\n## ${s.title}\n`, s.note ? `${s.note}\n` : '', mdTable(s.header, s.rows)].join('\n');
}

export const pct = (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${(v * 100).toFixed(1)}%`);
export const pp = (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)} pp`);
