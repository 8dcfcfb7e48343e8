import { createReadStream } from 'node:fs';
import { requireInputFile } from './input-file.ts';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify/sync';
import { UserError } from '../errors.ts';
import { writeFileAtomic } from './atomic.ts';

export interface CsvRecord {
  /** Line of the file where the record starts (1-based; the header is line 1). */
  line: number;
  values: Record<string, string>;
}

/**
 * The first header name that appears more than once (compared without surrounding spaces, which a
 * reader cannot see), or undefined. A record keyed by name keeps only one of the repeated columns,
 * so two raters under one name would silently become one.
 */
export function repeatedName(header: readonly string[]): string | undefined {
  const names = header.map((h) => h.trim());
  return names.find((h, i) => names.indexOf(h) !== i);
}

/** Refuses a header with a repeated column name, naming the file and the column. */
export function checkHeaderNames(header: readonly string[], file: string): void {
  const repeated = repeatedName(header);
  if (repeated !== undefined)
    throw new UserError(`column "${repeated}" appears more than once; rename or remove the repeated column`, {
      file,
      line: 1,
      column: repeated,
    });
}

/**
 * Streams a CSV file by record (quoted fields may hold newlines, as pandas writes them), with the
 * line each record starts on. A BOM is stripped; ragged rows and repeated column names are errors
 * naming file and line (and column).
 */
export async function* readCsv(file: string, opts: { delimiter?: string } = {}): AsyncGenerator<CsvRecord> {
  requireInputFile(file);
  const parser = createReadStream(file).pipe(
    parse({
      columns: (header: string[]) => (checkHeaderNames(header, file), header),
      bom: true,
      info: true,
      delimiter: opts.delimiter ?? ',',
      relax_column_count: false,
      skip_empty_lines: true,
    }),
  );
  // csv-parse reports the line a record ends on; a record starts right after the previous one.
  let previousEnd = 1;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      yield { line: previousEnd + 1, values: record };
      previousEnd = info.lines;
    }
  } catch (err) {
    if (err instanceof UserError) throw err;
    const e = err as Error & { lines?: number; code?: string };
    throw new UserError(`malformed CSV (${e.code ?? 'parse error'}: ${e.message})`, { file, line: e.lines });
  }
}

/** The header of a CSV file, in order; a repeated column name is refused. */
export async function readCsvHeader(file: string): Promise<string[]> {
  requireInputFile(file);
  const parser = createReadStream(file).pipe(parse({ bom: true, to_line: 1 }));
  for await (const row of parser as AsyncIterable<string[]>) {
    checkHeaderNames(row, file);
    return row;
  }
  throw new UserError('empty CSV file: no header row', { file, line: 1 });
}

/** Writes rows as CSV (RFC 4180 quoting) atomically. */
export function writeCsv(file: string, header: string[], rows: unknown[][]): void {
  writeFileAtomic(file, stringify([header, ...rows]));
}
