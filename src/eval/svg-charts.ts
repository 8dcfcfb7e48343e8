import { escapeXml } from './svg.ts';

/** Heatmap of values in [0, 1] (white → dark blue), a cell per (row, column), each labelled with its value. */
export function heatmapChart(spec: { title: string; rows: string[]; columns: string[]; value: (row: string, column: string) => number | null; rowLabel: string; columnLabel: string }): string {
  const cell = 54;
  const left = 150;
  const top = 58;
  const width = Math.max(left + spec.columns.length * cell + 20, 16 + spec.title.length * 7.5);
  const height = top + spec.rows.length * cell + 40;
  const parts: string[] = [];
  spec.columns.forEach((c, ci) => parts.push(`<text x="${left + ci * cell + cell / 2}" y="${top - 6}" text-anchor="middle" font-size="9">${escapeXml(c)}</text>`));
  spec.rows.forEach((r, ri) => {
    parts.push(`<text x="${left - 6}" y="${top + ri * cell + cell / 2 + 4}" text-anchor="end" font-size="10">${escapeXml(r)}</text>`);
    spec.columns.forEach((c, ci) => {
      const v = spec.value(r, c);
      const shade = v === null ? '#f4f4f4' : `rgb(${Math.round(255 - 200 * v)},${Math.round(255 - 150 * v)},${Math.round(255 - 60 * v)})`;
      const x = left + ci * cell;
      const y = top + ri * cell;
      parts.push(`<rect class="cell" x="${x}" y="${y}" width="${cell - 2}" height="${cell - 2}" fill="${shade}"><title>${escapeXml(`${r} → ${c}: ${v === null ? 'no data' : v.toFixed(3)}`)}</title></rect>`);
      if (v !== null) parts.push(`<text x="${x + cell / 2 - 1}" y="${y + cell / 2 + 4}" text-anchor="middle" font-size="10" fill="${v > 0.6 ? '#fff' : '#222'}">${v.toFixed(2)}</text>`);
    });
  });
  return [
    `<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(spec.title)}">`,
    `<text x="8" y="16" font-size="13" font-weight="bold">${escapeXml(spec.title)}</text>`,
    `<text class="axis-label" x="${left + (spec.columns.length * cell) / 2}" y="32" text-anchor="middle" font-size="10">${escapeXml(spec.columnLabel)}</text>`,
    `<text class="axis-label" x="8" y="${top - 6}" font-size="10">${escapeXml(spec.rowLabel)}</text>`,
    ...parts,
    '</svg>',
  ].join('');
}

export interface ScatterPoint {
  label: string;
  x: number;
  y: number;
  onFront: boolean;
}

/** Labelled points with the Pareto front drawn as a dashed line through its points (sorted by x). */
export function scatterChart(spec: { title: string; points: ScatterPoint[]; xLabel: string; yLabel: string; xRange: [number, number]; yRange: [number, number] }): string {
  const width = 460;
  const height = 300;
  const plot = { left: 56, right: width - 90, top: 30, bottom: height - 48 };
  const px = (v: number) => plot.left + ((v - spec.xRange[0]) / (spec.xRange[1] - spec.xRange[0] || 1)) * (plot.right - plot.left);
  const py = (v: number) => plot.bottom - ((v - spec.yRange[0]) / (spec.yRange[1] - spec.yRange[0] || 1)) * (plot.bottom - plot.top);
  const ticks = (range: [number, number]) => [0, 1, 2, 3, 4].map((t) => range[0] + ((range[1] - range[0]) * t) / 4);
  const parts: string[] = [];
  for (const v of ticks(spec.xRange)) parts.push(`<text x="${px(v)}" y="${plot.bottom + 14}" text-anchor="middle" font-size="9">${+v.toFixed(2)}</text>`);
  for (const v of ticks(spec.yRange)) parts.push(`<line x1="${plot.left}" x2="${plot.right}" y1="${py(v)}" y2="${py(v)}" stroke="#e3e3e3"/><text x="${plot.left - 6}" y="${py(v) + 3}" text-anchor="end" font-size="9">${+v.toFixed(2)}</text>`);
  const front = spec.points.filter((p) => p.onFront).sort((a, b) => a.x - b.x);
  if (front.length > 1) parts.push(`<path class="front" d="${front.map((p, i) => `${i ? 'L' : 'M'}${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join('')}" stroke="#777" stroke-dasharray="4 3" fill="none"/>`);
  for (const p of spec.points) {
    parts.push(`<circle class="point" cx="${px(p.x).toFixed(1)}" cy="${py(p.y).toFixed(1)}" r="5" fill="${p.onFront ? '#d1603d' : '#3b6fb6'}"><title>${escapeXml(`${p.label}: ${p.x.toFixed(3)}, ${p.y.toFixed(3)}`)}</title></circle>`);
    parts.push(`<text class="point-label" x="${(px(p.x) + 7).toFixed(1)}" y="${(py(p.y) - 5).toFixed(1)}" font-size="10">${escapeXml(p.label)}</text>`);
  }
  return [
    `<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(spec.title)}">`,
    `<text x="${plot.left}" y="16" font-size="13" font-weight="bold">${escapeXml(spec.title)}</text>`,
    `<line x1="${plot.left}" x2="${plot.right}" y1="${plot.bottom}" y2="${plot.bottom}" stroke="#444"/><line x1="${plot.left}" x2="${plot.left}" y1="${plot.top}" y2="${plot.bottom}" stroke="#444"/>`,
    `<text class="axis-label" x="${(plot.left + plot.right) / 2}" y="${height - 12}" text-anchor="middle" font-size="10">${escapeXml(spec.xLabel)}</text>`,
    `<text class="axis-label" transform="translate(14 ${(plot.top + plot.bottom) / 2}) rotate(-90)" text-anchor="middle" font-size="10">${escapeXml(spec.yLabel)}</text>`,
    ...parts,
    '</svg>',
  ].join('');
}
