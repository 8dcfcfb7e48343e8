import { createReadStream, existsSync } from 'node:fs';
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
 * Streams a CSV file by record (quoted fields may hold newlines, as pandas writes them), with the
 * line each record starts on. A BOM is stripped; ragged rows are an error naming file and line.
 */
export async function* readCsv(file: string, opts: { delimiter?: string } = {}): AsyncGenerator<CsvRecord> {
  if (!existsSync(file)) throw new UserError('file not found', { file });
  const parser = createReadStream(file).pipe(
    parse({ columns: true, bom: true, info: true, delimiter: opts.delimiter ?? ',', relax_column_count: false, skip_empty_lines: true }),
  );
  // csv-parse reports the line a record ends on; a record starts right after the previous one.
  let previousEnd = 1;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      yield { line: previousEnd + 1, values: record };
      previousEnd = info.lines;
    }
  } catch (err) {
    const e = err as Error & { lines?: number; code?: string };
    throw new UserError(`malformed CSV (${e.code ?? 'parse error'}: ${e.message})`, { file, line: e.lines });
  }
}

/** The header of a CSV file, in order. */
export async function readCsvHeader(file: string): Promise<string[]> {
  if (!existsSync(file)) throw new UserError('file not found', { file });
  const parser = createReadStream(file).pipe(parse({ bom: true, to_line: 1 }));
  for await (const row of parser as AsyncIterable<string[]>) return row;
  throw new UserError('empty CSV file: no header row', { file, line: 1 });
}

/** Writes rows as CSV (RFC 4180 quoting) atomically. */
export function writeCsv(file: string, header: string[], rows: unknown[][]): void {
  writeFileAtomic(file, stringify([header, ...rows]));
}
