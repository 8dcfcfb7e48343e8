import type { Chart } from './bar-chart.ts';
import { escapeXml, FONT_FAMILY, lineHeight, longestWord, textLines, textWidth, wrapText } from './text.ts';
import { niceTicks } from './ticks.ts';

export interface ScatterPoint {
  label: string;
  x: number;
  y: number;
  /** Drawn highlighted and joined by the dashed front line. */
  onFront: boolean;
}

export interface ScatterSpec {
  id: string;
  title: string;
  points: ScatterPoint[];
  /** Axis titles, with their units. */
  xLabel: string;
  yLabel: string;
  notes?: string[];
}

const FS = { title: 13, axis: 11, tick: 10, point: 10, note: 10 };
const PLOT = { width: 360, height: 240 };

/** Where each point's label goes: right of the point, moved down past any label already placed (labels never overlap). */
function placeLabels(points: Array<{ label: string; px: number; py: number }>): Array<{ x: number; y: number }> {
  const placed: Array<{ x0: number; x1: number; y0: number; y1: number }> = [];
  const h = lineHeight(FS.point);
  return points.map((p) => {
    const x0 = p.px + 7;
    const x1 = x0 + textWidth(p.label, FS.point);
    let y = p.py + 4;
    while (placed.some((b) => x0 < b.x1 && x1 > b.x0 && y - FS.point < b.y1 && y + 3 > b.y0)) y += h;
    placed.push({ x0, x1, y0: y - FS.point, y1: y + 3 });
    return { x: x0, y };
  });
}

/** Nice ticks over the values with a margin, so no point sits on an axis line. */
function paddedTicks(values: number[]) {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pad = Math.max((hi - lo) * 0.08, Math.abs(hi) * 0.02, 1e-3);
  return niceTicks(lo - pad, hi + pad, 6);
}

/**
 * Labelled points on nicely ticked, titled axes, with the front (e.g. a Pareto front) as a dashed line
 * through its points sorted by x. Every size follows from the text, so labels and titles fit.
 */
export function scatterChart(spec: ScatterSpec): Chart {
  const xt = paddedTicks(spec.points.map((p) => p.x));
  const yt = paddedTicks(spec.points.map((p) => p.y));
  const tickWidth = Math.max(...yt.values.map((v) => textWidth(v.toFixed(yt.decimals), FS.tick)));
  const left = 10 + lineHeight(FS.axis) + 6 + tickWidth + 6;
  const labelRoom = Math.max(0, ...spec.points.map((p) => textWidth(p.label, FS.point) + 12));
  const width = Math.max(
    left + PLOT.width + labelRoom + 10,
    longestWord(spec.title, FS.title) + 24,
    textWidth(spec.xLabel, FS.axis) + left + 20,
  );
  const titleLines = wrapText(spec.title, FS.title, width - 20);
  const top = 10 + titleLines.length * lineHeight(FS.title) + 16;
  const plotHeight = Math.max(PLOT.height, textWidth(spec.yLabel, FS.axis) + 16);
  const bottom = top + plotHeight;
  const px = (v: number) => left + ((v - xt.min) / (xt.max - xt.min)) * PLOT.width;
  const py = (v: number) => bottom - ((v - yt.min) / (yt.max - yt.min)) * plotHeight;
  const parts: string[] = [];
  for (const v of yt.values) {
    parts.push(
      `<line x1="${left}" x2="${left + PLOT.width}" y1="${py(v).toFixed(1)}" y2="${py(v).toFixed(1)}" stroke="#e3e3e3"/>`,
    );
    parts.push(
      textLines([v.toFixed(yt.decimals)], left - 6, +(py(v) + 3.5).toFixed(1), {
        size: FS.tick,
        anchor: 'end',
        cls: 'tick',
      }),
    );
  }
  for (const v of xt.values)
    parts.push(
      textLines([v.toFixed(xt.decimals)], +px(v).toFixed(1), bottom + 6 + FS.tick, {
        size: FS.tick,
        anchor: 'middle',
        cls: 'tick',
      }),
    );
  const front = spec.points.filter((p) => p.onFront).sort((a, b) => a.x - b.x);
  if (front.length > 1)
    parts.push(
      `<path class="front" d="${front.map((p, i) => `${i ? 'L' : 'M'}${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join('')}" stroke="#777" stroke-dasharray="4 3" fill="none"/>`,
    );
  const byY = [...spec.points].sort((a, b) => py(a.y) - py(b.y));
  const labels = placeLabels(byY.map((p) => ({ label: p.label, px: px(p.x), py: py(p.y) })));
  byY.forEach((p, i) => {
    parts.push(
      `<circle class="point" cx="${px(p.x).toFixed(1)}" cy="${py(p.y).toFixed(1)}" r="5" fill="${p.onFront ? '#d1603d' : '#3b6fb6'}"><title>${escapeXml(`${p.label}: ${p.x.toFixed(3)}, ${p.y.toFixed(3)}`)}</title></circle>`,
    );
    parts.push(
      textLines([p.label], +labels[i].x.toFixed(1), +labels[i].y.toFixed(1), { size: FS.point, cls: 'point-label' }),
    );
  });
  const lowestLabel = Math.max(bottom, ...labels.map((l) => l.y + 4));
  const xTitleY = Math.max(bottom + 6 + lineHeight(FS.tick), lowestLabel) + 6 + FS.axis;
  parts.push(
    textLines([spec.xLabel], left + PLOT.width / 2, xTitleY, {
      size: FS.axis,
      anchor: 'middle',
      weight: 'bold',
      cls: 'axis-title',
    }),
  );
  parts.push(
    `<text class="axis-title" transform="translate(${10 + FS.axis} ${(top + bottom) / 2}) rotate(-90)" text-anchor="middle" font-size="${FS.axis}" font-weight="bold">${escapeXml(spec.yLabel)}</text>`,
  );
  let cursor = xTitleY + 8;
  const noteLines = (spec.notes ?? []).flatMap((n) => wrapText(n, FS.note, width - 20));
  if (noteLines.length) {
    parts.push(textLines(noteLines, 10, cursor + FS.note, { size: FS.note, fill: '#444', cls: 'chart-note' }));
    cursor += noteLines.length * lineHeight(FS.note);
  }
  const height = Math.ceil(cursor + 10);
  const svg = [
    `<svg class="chart" id="chart-${escapeXml(spec.id)}" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}" role="img" aria-label="${escapeXml(spec.title)}">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    textLines(titleLines, 10, 10 + FS.title, { size: FS.title, weight: 'bold', cls: 'title' }),
    `<line x1="${left}" x2="${left + PLOT.width}" y1="${bottom}" y2="${bottom}" stroke="#444"/><line x1="${left}" x2="${left}" y1="${top}" y2="${bottom}" stroke="#444"/>`,
    ...parts,
    '</svg>',
  ].join('');
  return { id: spec.id, title: spec.title, svg };
}
