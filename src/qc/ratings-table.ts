import { readCsv, readCsvHeader } from '../io/csv.ts';
import { UserError } from '../errors.ts';
import { NOT_DECIMAL, parseDecimal } from '../schemas/plain-decimal.ts';
import type { Rating, Scale } from '../stats/agreement.ts';

export interface WideRatings {
  items: string[];
  raters: string[];
  matrix: (Rating | null)[][];
}

/**
 * Reads a wide ratings table: first column the item id, one column per rater, blank = missing.
 * Values are numbers on an ordinal or interval scale (anything else is an error naming the cell)
 * and kept as text on a nominal scale. With declared `categories`, a value outside them is an
 * error naming the cell.
 */
export async function readWideRatings(
  file: string,
  scale: Scale,
  categories?: readonly Rating[],
): Promise<WideRatings> {
  const header = await readCsvHeader(file);
  if (header.length < 2) throw new UserError('need an item id column and at least one rater column', { file, line: 1 });
  const [idColumn, ...raters] = header;
  const seen = new Map<string, number>();
  const items: string[] = [];
  const matrix: (Rating | null)[][] = [];
  for await (const { line, values } of readCsv(file)) {
    const id = values[idColumn]?.trim() ?? '';
    if (!id) throw new UserError('item id is blank', { file, line, column: idColumn });
    if (seen.has(id))
      throw new UserError(`duplicate item id "${id}" (first on line ${seen.get(id)})`, {
        file,
        line,
        column: idColumn,
      });
    seen.set(id, line);
    items.push(id);
    matrix.push(
      raters.map((rater) =>
        declared(parseRating(values[rater] ?? '', scale, { file, line, column: rater }), categories, {
          file,
          line,
          column: rater,
        }),
      ),
    );
  }
  if (!items.length) throw new UserError('no rating rows under the header', { file, line: 2 });
  return { items, raters, matrix };
}

function declared(
  value: Rating | null,
  categories: readonly Rating[] | undefined,
  at: { file: string; line: number; column: string },
): Rating | null {
  if (value === null || !categories || categories.includes(value)) return value;
  throw new UserError(`"${value}" is not one of the declared --categories (${categories.join(', ')})`, at);
}

function parseRating(raw: string, scale: Scale, at: { file: string; line: number; column: string }): Rating | null {
  const text = raw.trim();
  if (text === '') return null;
  if (scale === 'nominal') return text;
  const value = parseDecimal(text);
  if (value === undefined) throw new UserError(`"${text}" ${NOT_DECIMAL}, but the scale is ${scale}`, at);
  return value;
}
