import type { Chart } from './bar-chart.ts';
import { escapeXml, FONT_FAMILY, lineHeight, longestWord, textLines, textWidth, wrapText } from './text.ts';

export interface HeatmapSpec {
  id: string;
  title: string;
  rowTitle: string;
  colTitle: string;
  rows: string[];
  cols: string[];
  /** values[r][c]: counts, or rates; null = no data, drawn grey and labelled "n/a" */
  values: Array<Array<number | null>>;
  /** The value printed in each cell (default: as is). */
  format?: (v: number) => string;
  /** The value shown darkest (default: the largest cell). */
  max?: number;
  notes?: string[];
}

const FS = { title: 13, axis: 11, label: 11, cell: 12, note: 10 };

/**
 * Counts (a confusion matrix: rows one labeller, columns the other) or rates as a heat map, with
 * both axis titles set apart from the chart title and the labels, each in its own band.
 */
export function heatmap(spec: HeatmapSpec): Chart {
  const format = spec.format ?? String;
  const label = (n: number | null) => (n === null ? 'n/a' : format(n));
  const cell = Math.max(
    48,
    ...spec.cols.map((c) => longestWord(c, FS.label) + 10),
    ...spec.values.flat().map((n) => textWidth(label(n), FS.cell) + 12),
  );
  const rowLabelWidth = Math.max(...spec.rows.map((r) => textWidth(r, FS.label)));
  const left = 10 + lineHeight(FS.axis) + 8 + rowLabelWidth + 8;
  const gridWidth = spec.cols.length * cell;
  const width = Math.max(left + gridWidth + 16, longestWord(spec.title, FS.title) + 24, 340);
  const titleLines = wrapText(spec.title, FS.title, width - 20);
  const colTitleY = 10 + titleLines.length * lineHeight(FS.title) + 14 + FS.axis;
  const colLabelY = colTitleY + lineHeight(FS.axis) + 4;
  const top = colLabelY + 8;
  const gridHeight = spec.rows.length * cell;
  const rowTitleLength = textWidth(spec.rowTitle, FS.axis);
  const max = spec.max ?? Math.max(1, ...spec.values.flat().filter((n): n is number => n !== null));
  const parts: string[] = [];
  parts.push(
    textLines([spec.colTitle], left + gridWidth / 2, colTitleY, {
      size: FS.axis,
      anchor: 'middle',
      weight: 'bold',
      cls: 'axis-title',
    }),
  );
  spec.cols.forEach((c, j) =>
    parts.push(
      textLines([c], left + j * cell + cell / 2, colLabelY, { size: FS.label, anchor: 'middle', cls: 'category' }),
    ),
  );
  spec.rows.forEach((r, i) =>
    parts.push(
      textLines([r], left - 8, top + i * cell + cell / 2 + 4, { size: FS.label, anchor: 'end', cls: 'category' }),
    ),
  );
  const rowTitleY = top + Math.max(gridHeight, rowTitleLength) / 2;
  parts.push(
    `<text class="axis-title" transform="translate(${10 + FS.axis} ${rowTitleY}) rotate(-90)" text-anchor="middle" font-size="${FS.axis}" font-weight="bold">${escapeXml(spec.rowTitle)}</text>`,
  );
  spec.rows.forEach((r, i) =>
    spec.cols.forEach((c, j) => {
      const n = spec.values[i][j];
      const t = n === null ? 0 : n / max;
      const shade = Math.round(245 - t * 180);
      const fill = n === null ? '#f4f4f4' : `rgb(${shade},${Math.min(255, shade + 5)},255)`;
      parts.push(
        `<rect class="cell" x="${left + j * cell}" y="${top + i * cell}" width="${cell - 2}" height="${cell - 2}" fill="${fill}"><title>${escapeXml(`${spec.rowTitle} ${r} / ${spec.colTitle} ${c}: ${label(n)}`)}</title></rect>`,
      );
      parts.push(
        textLines([label(n)], left + j * cell + cell / 2 - 1, top + i * cell + cell / 2 + 4, {
          size: FS.cell,
          anchor: 'middle',
          fill: t > 0.6 ? '#fff' : n === null ? '#888' : '#000',
          cls: 'value',
        }),
      );
    }),
  );
  let cursor = top + Math.max(gridHeight, rowTitleLength + 8) + 8;
  const noteLines = (spec.notes ?? []).flatMap((n) => wrapText(n, FS.note, width - 20));
  if (noteLines.length) {
    parts.push(textLines(noteLines, 10, cursor + FS.note, { size: FS.note, fill: '#444', cls: 'chart-note' }));
    cursor += noteLines.length * lineHeight(FS.note);
  }
  const height = Math.ceil(cursor + 10);
  const svg = [
    `<svg class="chart confusion" id="chart-${escapeXml(spec.id)}" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}" role="img" aria-label="${escapeXml(spec.title)}">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    textLines(titleLines, 10, 10 + FS.title, { size: FS.title, weight: 'bold', cls: 'title' }),
    ...parts,
    '</svg>',
  ].join('');
  return { id: spec.id, title: spec.title, svg };
}
