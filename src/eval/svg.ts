/** Small inline-SVG charts for the self-contained HTML reports (no scripts, no network). */
export interface BarSeries {
  name: string;
  /** One value per category (null = no data); optional interval per category. */
  values: Array<number | null>;
  low?: Array<number | null>;
  high?: Array<number | null>;
}

export interface BarChartSpec {
  title: string;
  categories: string[];
  series: BarSeries[];
  yMax: number;
  /** Lower end of the axis (default 0); below 0 the bars hang from the zero line. */
  yMin?: number;
  yLabel: string;
  /** What the categories are (printed under them). */
  xLabel?: string;
}

const PALETTE = ['#3b6fb6', '#d1603d', '#5a9e5a', '#8c6bb1', '#c9a227', '#4aa3a3', '#a05a7a', '#777777'];

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Grouped vertical bars, with whiskers where the series carries an interval. */
export function groupedBarChart(spec: BarChartSpec): string {
  // Each legend entry is as wide as its name (about 6.5 px per character at 11 px), so long names do not overlap.
  const legendWidths = spec.series.map((s) => 24 + s.name.length * 6.5);
  // A category is at least as wide as its label (about 6.2 px per character at 11 px), so labels do not run into each other.
  const labelWidth = Math.max(0, ...spec.categories.map((c) => c.length * 6.2 + 10));
  const width = Math.max(420, 60 + spec.categories.length * Math.max(spec.series.length * 16 + 24, labelWidth), 60 + legendWidths.reduce((a, b) => a + b, 0), 60 + spec.title.length * 7.5);
  const height = spec.xLabel ? 276 : 260;
  const plot = { left: 48, right: width - 12, top: 28, bottom: height - (spec.xLabel ? 72 : 56) };
  const yMin = spec.yMin ?? 0;
  const y = (v: number) => plot.bottom - ((Math.max(yMin, Math.min(v, spec.yMax)) - yMin) / (spec.yMax - yMin)) * (plot.bottom - plot.top);
  const groupWidth = (plot.right - plot.left) / spec.categories.length;
  const barWidth = Math.min(22, (groupWidth - 12) / spec.series.length);
  const parts: string[] = [];
  for (let t = 0; t <= 4; t++) {
    const v = yMin + ((spec.yMax - yMin) * t) / 4;
    parts.push(`<line x1="${plot.left}" x2="${plot.right}" y1="${y(v)}" y2="${y(v)}" stroke="#e3e3e3"/><text x="${plot.left - 6}" y="${y(v) + 4}" text-anchor="end" font-size="10">${+v.toFixed(2)}</text>`);
  }
  spec.categories.forEach((cat, ci) => {
    const x0 = plot.left + ci * groupWidth + (groupWidth - barWidth * spec.series.length) / 2;
    parts.push(`<text x="${plot.left + (ci + 0.5) * groupWidth}" y="${plot.bottom + 14}" text-anchor="middle" font-size="11">${escapeXml(cat)}</text>`);
    spec.series.forEach((s, si) => {
      const v = s.values[ci];
      if (v === null || v === undefined) return;
      const x = x0 + si * barWidth;
      const top = Math.min(y(v), y(Math.max(0, yMin)));
      const h = Math.abs(y(v) - y(Math.max(0, yMin)));
      parts.push(`<rect class="bar" x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${(barWidth - 2).toFixed(1)}" height="${h.toFixed(1)}" fill="${PALETTE[si % PALETTE.length]}"><title>${escapeXml(`${s.name} · ${cat}: ${v.toFixed(3)}`)}</title></rect>`);
      const lo = s.low?.[ci];
      const hi = s.high?.[ci];
      if (lo !== null && lo !== undefined && hi !== null && hi !== undefined) {
        const cx = (x + (barWidth - 2) / 2).toFixed(1);
        parts.push(`<path class="whisker" d="M${cx},${y(lo).toFixed(1)}V${y(hi).toFixed(1)}M${+cx - 3},${y(lo).toFixed(1)}h6M${+cx - 3},${y(hi).toFixed(1)}h6" stroke="#222" fill="none"/>`);
      }
    });
  });
  const legendX = legendWidths.map((_, si) => plot.left + legendWidths.slice(0, si).reduce((a, b) => a + b, 0));
  const legend = spec.series.map((s, si) => `<rect x="${legendX[si]}" y="${height - 22}" width="10" height="10" fill="${PALETTE[si % PALETTE.length]}"/><text x="${legendX[si] + 14}" y="${height - 13}" font-size="11">${escapeXml(s.name)}</text>`);
  return [
    `<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(spec.title)}">`,
    `<text x="${plot.left}" y="16" font-size="13" font-weight="bold">${escapeXml(spec.title)}</text>`,
    `<text class="axis-label" transform="translate(12 ${(plot.top + plot.bottom) / 2}) rotate(-90)" text-anchor="middle" font-size="10">${escapeXml(spec.yLabel)}</text>`,
    spec.xLabel ? `<text class="axis-label" x="${(plot.left + plot.right) / 2}" y="${plot.bottom + 32}" text-anchor="middle" font-size="10">${escapeXml(spec.xLabel)}</text>` : '',
    `<line x1="${plot.left}" x2="${plot.right}" y1="${y(Math.max(0, yMin))}" y2="${y(Math.max(0, yMin))}" stroke="#444"/>`,
    ...parts,
    ...legend,
    '</svg>',
  ].join('');
}

/** Background colour for a score on [−2, 2]: blue for negative, red for positive. */
export function divergingColour(value: number | null): string {
  if (value === null) return '#f4f4f4';
  const t = Math.max(-1, Math.min(1, value / 2));
  const mix = (from: number, to: number) => Math.round(from + (to - from) * Math.abs(t));
  return t < 0 ? `rgb(${mix(255, 80)},${mix(255, 130)},${mix(255, 210)})` : `rgb(${mix(255, 220)},${mix(255, 90)},${mix(255, 70)})`;
}
