import { escapeXml, FONT_FAMILY, lineHeight, longestWord, textLines, textWidth, wrapText } from './text.ts';
import { niceTicks } from './ticks.ts';

export interface ChartSeries {
  name: string;
  /** One value per category (null = no data). */
  values: Array<number | null>;
  /** Interval per category, drawn as a whisker where both ends are given. */
  low?: Array<number | null>;
  high?: Array<number | null>;
}

export interface BarChartSpec {
  /** File name (without extension) of the chart's SVG and PNG downloads. */
  id: string;
  title: string;
  categories: string[];
  /** A second line under each category label, e.g. "n = 40". */
  categoryNotes?: string[];
  series: ChartSeries[];
  /** The y axis title, with its unit. */
  yLabel: string;
  /** The x axis title. */
  xLabel: string;
  /** The least axis range (e.g. [0, 1] for shares); the data, their intervals and 0 always fit. */
  yDomain?: [number, number];
  /** Value labels on the bars (default: 2 decimals); left out where they would not fit. */
  format?: (v: number) => string;
  /** Lines under the legend: who the groups are, what the whiskers show, where the data come from. */
  notes?: string[];
}

export interface Chart {
  id: string;
  title: string;
  svg: string;
}

export const PALETTE = ['#3b6fb6', '#d1603d', '#5a9e5a', '#8c6bb1', '#c9a227', '#4aa3a3', '#a05a7a', '#777777'];
const BAR = 24;
const GAP = 2;
const FS = { title: 13, axis: 11, tick: 10, legend: 11, note: 10, value: 9 };

/** The axis covers 0, the data and their intervals, and at least `yDomain` when given (so no bar is cut off). */
function dataRange(spec: BarChartSpec): [number, number] {
  const all = spec.series
    .flatMap((s) => [...s.values, ...(s.low ?? []), ...(s.high ?? [])])
    .filter((v): v is number => v !== null && v !== undefined && Number.isFinite(v));
  const [lo, hi] = spec.yDomain ?? [0, 1e-9];
  return [Math.min(0, lo, ...all), Math.max(0, hi, ...all)];
}

/** Legend entries flowed into rows no wider than `width`, each entry as wide as its label. */
function legendRows(names: string[], width: number): Array<Array<{ name: string; index: number; x: number }>> {
  const rows: Array<Array<{ name: string; index: number; x: number }>> = [[]];
  let x = 0;
  names.forEach((name, index) => {
    const w = 16 + textWidth(name, FS.legend) + 20;
    if (x > 0 && x + w > width) {
      rows.push([]);
      x = 0;
    }
    rows[rows.length - 1].push({ name, index, x });
    x += w;
  });
  return rows;
}

/**
 * Grouped vertical bars with a titled, nicely ticked y axis, a titled x axis, category labels
 * wrapped to their group's width (groups widen for a long word instead of overlapping), optional
 * whiskers for intervals, a legend that wraps, and notes. Every size follows from the text.
 */
export function barChart(spec: BarChartSpec): Chart {
  const format = spec.format ?? ((v: number) => v.toFixed(2));
  const [lo, hi] = dataRange(spec);
  const ticks = niceTicks(lo, hi);
  const tickLabel = (v: number) => v.toFixed(ticks.decimals);
  const tickWidth = Math.max(...ticks.values.map((v) => textWidth(tickLabel(v), FS.tick)));
  const left = 10 + lineHeight(FS.axis) + 6 + tickWidth + 6;
  const pitch = BAR + GAP;
  const notes = spec.categoryNotes ?? [];
  const groupWidth = Math.max(
    spec.series.length * pitch + 16,
    ...spec.categories.map((c) => longestWord(c, FS.axis) + 12),
    ...notes.map((n) => textWidth(n, FS.tick) + 12),
  );
  const plotWidth = spec.categories.length * groupWidth;
  // The axis titles are bold, about a tenth wider than the regular advances textWidth estimates.
  const xTitleWidth = textWidth(spec.xLabel, FS.axis) * 1.1;
  const width = Math.max(380, left + plotWidth + 16, xTitleWidth + 40, longestWord(spec.title, FS.title) + 24);
  const titleLines = wrapText(spec.title, FS.title, width - 20);
  const plotTop = 10 + titleLines.length * lineHeight(FS.title) + 16;
  const plotHeight = Math.max(180, textWidth(spec.yLabel, FS.axis) + 16);
  const plotBottom = plotTop + plotHeight;
  const y = (v: number) => plotBottom - ((v - ticks.min) / (ticks.max - ticks.min)) * plotHeight;
  const parts: string[] = [];
  for (const v of ticks.values) {
    parts.push(
      `<line x1="${left}" x2="${left + plotWidth}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="${v === 0 ? '#444' : '#e3e3e3'}"/>`,
    );
    parts.push(
      textLines([tickLabel(v)], left - 6, +(y(v) + 3.5).toFixed(1), { size: FS.tick, anchor: 'end', cls: 'tick' }),
    );
  }
  const catLines = spec.categories.map((c) => wrapText(c, FS.axis, groupWidth - 8));
  const catTop = plotBottom + 6 + FS.axis;
  const maxCatLines = Math.max(1, ...catLines.map((l) => l.length));
  spec.categories.forEach((cat, ci) => {
    const cx = left + (ci + 0.5) * groupWidth;
    parts.push(textLines(catLines[ci], cx, catTop, { size: FS.axis, anchor: 'middle', cls: 'category' }));
    if (notes[ci])
      parts.push(
        textLines([notes[ci]], cx, catTop + maxCatLines * lineHeight(FS.axis), {
          size: FS.tick,
          anchor: 'middle',
          fill: '#555',
          cls: 'n',
        }),
      );
    const x0 = cx - (spec.series.length * pitch - GAP) / 2;
    spec.series.forEach((s, si) => parts.push(bar(s, si, ci, x0 + si * pitch, y, format, cat)));
  });
  const axisTitleY = catTop + maxCatLines * lineHeight(FS.axis) + (notes.length ? lineHeight(FS.tick) : 0) + 10;
  // Centred under the plot, but moved in from the edge when the plot is narrower than the title.
  const xTitleX = Math.min(Math.max(left + plotWidth / 2, 10 + xTitleWidth / 2), width - 10 - xTitleWidth / 2);
  parts.push(
    textLines([spec.xLabel], +xTitleX.toFixed(1), axisTitleY, {
      size: FS.axis,
      anchor: 'middle',
      weight: 'bold',
      cls: 'axis-title',
    }),
  );
  const yTitleX = 10 + FS.axis;
  parts.push(
    `<text class="axis-title" transform="translate(${yTitleX} ${(plotTop + plotBottom) / 2}) rotate(-90)" text-anchor="middle" font-size="${FS.axis}" font-weight="bold">${escapeXml(spec.yLabel)}</text>`,
  );
  let cursor = axisTitleY + 14;
  for (const row of legendRows(
    spec.series.map((s) => s.name),
    width - 20,
  )) {
    for (const e of row) {
      parts.push(
        `<rect x="${10 + e.x}" y="${cursor}" width="11" height="11" fill="${PALETTE[e.index % PALETTE.length]}"/>`,
      );
      parts.push(textLines([e.name], 10 + e.x + 16, cursor + 10, { size: FS.legend, cls: 'legend' }));
    }
    cursor += lineHeight(FS.legend) + 4;
  }
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
    `<line x1="${left}" x2="${left}" y1="${plotTop}" y2="${plotBottom}" stroke="#444"/>`,
    ...parts,
    '</svg>',
  ].join('');
  return { id: spec.id, title: spec.title, svg };
}

function bar(
  s: ChartSeries,
  si: number,
  ci: number,
  x: number,
  y: (v: number) => number,
  format: (v: number) => string,
  cat: string,
): string {
  const v = s.values[ci];
  const zero = y(0);
  if (v === null || v === undefined)
    return textLines(['n/a'], +(x + BAR / 2).toFixed(1), +(zero - 4).toFixed(1), {
      size: FS.value,
      anchor: 'middle',
      fill: '#888',
      cls: 'value',
    });
  const top = Math.min(y(v), zero);
  const out = [
    `<rect class="bar" x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${BAR}" height="${Math.max(0.5, Math.abs(zero - y(v))).toFixed(1)}" fill="${PALETTE[si % PALETTE.length]}"><title>${escapeXml(`${s.name} · ${cat}: ${format(v)}`)}</title></rect>`,
  ];
  const l = s.low?.[ci];
  const h = s.high?.[ci];
  const whisker = l !== null && l !== undefined && h !== null && h !== undefined;
  const cx = x + BAR / 2;
  if (whisker)
    out.push(
      `<path class="whisker" d="M${cx.toFixed(1)},${y(l).toFixed(1)}V${y(h).toFixed(1)}M${(cx - 4).toFixed(1)},${y(l).toFixed(1)}h8M${(cx - 4).toFixed(1)},${y(h).toFixed(1)}h8" stroke="#222" fill="none"/>`,
    );
  const label = format(v);
  // a label that fits above its bar (never below a negative one, where the category labels are)
  // and only where neighbouring labels keep a visible gap between them
  if (v >= 0 && textWidth(label, FS.value) <= BAR + GAP - 4) {
    const above = Math.min(top, whisker ? y(Math.max(l, h)) : top) - 3;
    out.push(textLines([label], +cx.toFixed(1), +above.toFixed(1), { size: FS.value, anchor: 'middle', cls: 'value' }));
  }
  return out.join('');
}
