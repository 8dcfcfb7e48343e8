/**
 * Row heights for wrapped text. Spreadsheets do not reliably fit row heights on opening a file
 * (LibreOffice keeps the stored height, so an unset one shows a single line), so the writer
 * stores a height that shows every wrapped line. The estimate errs on the tall side: a character
 * is counted as wide as the digit "0" that column widths are measured in (ordinary text is
 * narrower), a wide (CJK) character as two; a word longer than a line breaks inside it.
 */

/** Points per line of 11 pt text, and the cell padding; Excel's default row is 15 pt for one line. */
const LINE_POINTS = 15;
const PADDING_POINTS = 3;
/** The tallest row Excel allows. */
const MAX_ROW_POINTS = 409;

export interface LaidOutColumn {
  /** Width in characters (the unit of Excel and exceljs column widths). */
  width: number;
  wrap: boolean;
}

const isWide = (ch: string) => (ch.codePointAt(0) ?? 0) >= 0x2e80;
const textWidth = (text: string) => [...text].reduce((w, ch) => w + (isWide(ch) ? 2 : 1), 0);

/** Lines a text takes when wrapped at word boundaries in a column `width` characters wide. */
export function wrappedLines(text: string, width: number): number {
  const capacity = Math.max(1, Math.floor(width) - 1);
  let lines = 0;
  for (const paragraph of text.split(/\r?\n/)) {
    let used = 0;
    lines++;
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const w = textWidth(word);
      const needed = used === 0 ? w : used + 1 + w;
      if (needed <= capacity) {
        used = needed;
        continue;
      }
      if (used > 0) lines++;
      lines += Math.ceil(w / capacity) - 1;
      used = w % capacity || capacity;
    }
  }
  return lines;
}

/** Height in points of a row whose cells hold `values`, tall enough for its longest wrapped cell. */
export function rowHeight(values: readonly string[], columns: readonly LaidOutColumn[]): number {
  const lines = Math.max(1, ...columns.map((c, j) => (c.wrap ? wrappedLines(values[j] ?? '', c.width) : 1)));
  return Math.min(MAX_ROW_POINTS, lines * LINE_POINTS + PADDING_POINTS);
}

/** On-screen width in pixels of a column `width` characters wide (Calibri 11: 7 px a character plus 5 px padding). */
export const columnPixels = (width: number) => Math.round(width * 7 + 5);
