/** Inline SVG charts for the QC report: no scripts, no network, readable when printed. */

export interface Bar {
  label: string;
  values: (number | null)[];
}

const PALETTE = ['#2f6db5', '#e08a2c', '#4a9b5e', '#a0522d'];

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Grouped vertical bars, one group per label, one bar per series; null values are drawn as "n/a". */
/** Room for a bold 13 px title (about 7.5 px a character), so it is never clipped. */
function titleWidth(title: string): number {
  return Math.ceil(title.length * 7.5) + 20;
}

export function barChart(title: string, series: string[], bars: Bar[], max: number, format: (v: number) => string): string {
  const groupWidth = series.length * 26 + 24;
  const width = Math.max(320, 60 + bars.length * groupWidth, 70 + series.length * 150, titleWidth(title));
  const height = 240;
  const plot = 170;
  const y = (v: number) => 30 + plot - (Math.min(v, max) / max) * plot;
  const parts: string[] = [];
  bars.forEach((bar, g) => {
    const x0 = 50 + g * groupWidth;
    bar.values.forEach((v, s) => {
      const x = x0 + s * 26;
      if (v === null) {
        parts.push(`<text x="${x + 11}" y="${30 + plot - 4}" font-size="9" text-anchor="middle" fill="#888">n/a</text>`);
        return;
      }
      parts.push(`<rect class="bar" x="${x}" y="${y(v).toFixed(1)}" width="22" height="${(30 + plot - y(v)).toFixed(1)}" fill="${PALETTE[s % PALETTE.length]}"><title>${escapeHtml(`${bar.label} ${series[s]}: ${format(v)}`)}</title></rect>`);
      parts.push(`<text x="${x + 11}" y="${(y(v) - 3).toFixed(1)}" font-size="9" text-anchor="middle">${escapeHtml(format(v))}</text>`);
    });
    parts.push(`<text x="${x0 + (series.length * 26) / 2}" y="${height - 22}" font-size="11" text-anchor="middle">${escapeHtml(bar.label)}</text>`);
  });
  const legend = series.map((s, i) => `<rect x="${50 + i * 150}" y="${height - 12}" width="10" height="10" fill="${PALETTE[i % PALETTE.length]}"/><text x="${64 + i * 150}" y="${height - 3}" font-size="11">${escapeHtml(s)}</text>`).join('');
  const axis = `<line x1="45" y1="${30 + plot}" x2="${width - 10}" y2="${30 + plot}" stroke="#333"/><text x="40" y="${y(max) + 4}" font-size="10" text-anchor="end">${escapeHtml(format(max))}</text><text x="40" y="${30 + plot}" font-size="10" text-anchor="end">0</text>`;
  return `<figure><svg class="chart" role="img" aria-label="${escapeHtml(title)}" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><text x="10" y="16" font-size="13" font-weight="bold">${escapeHtml(title)}</text>${axis}${parts.join('')}${legend}</svg></figure>`;
}

/** A confusion matrix as a heat map: rows human labels, columns LLM labels. */
export function confusionChart(title: string, rows: string[], cols: string[], counts: number[][]): string {
  const cell = 54;
  const left = 90;
  const top = 50;
  const max = Math.max(1, ...counts.flat());
  const width = Math.max(left + cols.length * cell + 20, titleWidth(title));
  const height = top + rows.length * cell + 30;
  const cells = rows.flatMap((r, i) =>
    cols.map((c, j) => {
      const n = counts[i][j];
      const shade = Math.round(245 - (n / max) * 180);
      const ink = n / max > 0.6 ? '#fff' : '#000';
      return `<rect class="cell" x="${left + j * cell}" y="${top + i * cell}" width="${cell - 2}" height="${cell - 2}" fill="rgb(${shade},${shade + 5 > 255 ? 255 : shade + 5},255)"><title>${escapeHtml(`human ${r} / LLM ${c}: ${n}`)}</title></rect><text x="${left + j * cell + cell / 2 - 1}" y="${top + i * cell + cell / 2 + 4}" font-size="13" text-anchor="middle" fill="${ink}">${n}</text>`;
    }),
  );
  const colLabels = cols.map((c, j) => `<text x="${left + j * cell + cell / 2}" y="${top - 6}" font-size="11" text-anchor="middle">${escapeHtml(c)}</text>`);
  const rowLabels = rows.map((r, i) => `<text x="${left - 8}" y="${top + i * cell + cell / 2 + 4}" font-size="11" text-anchor="end">${escapeHtml(r)}</text>`);
  const axes = `<text x="${left + (cols.length * cell) / 2}" y="${top - 24}" font-size="11" text-anchor="middle">LLM label</text><text x="10" y="${top + (rows.length * cell) / 2}" font-size="11">human</text>`;
  return `<figure><svg class="chart confusion" role="img" aria-label="${escapeHtml(title)}" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><text x="10" y="16" font-size="13" font-weight="bold">${escapeHtml(title)}</text>${axes}${colLabels.join('')}${rowLabels.join('')}${cells.join('')}</svg></figure>`;
}
