import { escapeXml } from '../io/svg/text.ts';

/** A self-contained HTML page: inline CSS, no scripts, nothing fetched. */
export function htmlPage(title: string, banner: string | null, sections: string[]): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeXml(title)}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1100px;color:#222;line-height:1.45;padding:0 1rem}
table{border-collapse:collapse;margin:.5rem 0 1.5rem;font-size:13px}th,td{border:1px solid #ccc;padding:3px 7px;text-align:right}
th{background:#f0f0f0}td.l,th.l{text-align:left}.sig{font-weight:bold}.banner{background:#fff3cd;border:1px solid #e0c36a;padding:.6rem 1rem}
.charts{display:flex;flex-wrap:wrap;gap:1rem}.note{color:#555;font-size:13px}figure{margin:0}.chart-figure{max-width:100%;overflow-x:auto}figcaption{font-size:13px;color:#555}
</style></head><body>
<h1>${escapeXml(title)}</h1>
${banner ? `<p class="banner">${escapeXml(banner)}</p>` : ''}
${sections.join('\n')}
</body></html>
`;
}

export const fmt = (v: number | null | undefined, digits = 2) =>
  v === null || v === undefined || Number.isNaN(v) ? '–' : v.toFixed(digits);

export function htmlTable(
  header: string[],
  rows: Array<Array<{ text: string; cls?: string; style?: string }>>,
): string {
  const head = `<tr>${header.map((h, i) => `<th${i === 0 ? ' class="l"' : ''}>${escapeXml(h)}</th>`).join('')}</tr>`;
  const body = rows
    .map(
      (r) =>
        `<tr>${r.map((c) => `<td${c.cls ? ` class="${c.cls}"` : ''}${c.style ? ` style="${c.style}"` : ''}>${escapeXml(c.text)}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return `<table>${head}\n${body}</table>`;
}

export function mdTable(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}
