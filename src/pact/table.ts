import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { extname } from 'node:path';
import { UserError } from '../errors.ts';
import { readCsv, readCsvHeader } from '../io/csv.ts';
import { readJsonl } from '../io/jsonl.ts';
import { readParquet } from '../io/parquet.ts';

/** One row of a source table, values as text, with where it starts (CSV/JSONL line or Parquet row). */
export interface TableRow {
  /** 0-based position among the data rows. */
  index: number;
  line?: number;
  row?: number;
  values: Record<string, string>;
}

export interface SourceTable {
  header: string[];
  rows: AsyncGenerator<TableRow>;
}

export type TableFormat = 'csv' | 'parquet' | 'jsonl';

export function tableFormat(file: string): TableFormat {
  const ext = extname(file).toLowerCase();
  if (ext === '.parquet') return 'parquet';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.csv') return 'csv';
  throw new UserError(`unsupported file type "${ext}" (expected .csv, .parquet or .jsonl)`, { file });
}

function asText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function textValues(record: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, asText(v)]));
}

/** Opens a source table by extension: CSV by record (multi-line fields), Parquet, or JSONL. */
export async function openSourceTable(file: string): Promise<SourceTable> {
  if (!existsSync(file)) throw new UserError('source file not found', { file });
  const format = tableFormat(file);
  if (format === 'csv') {
    const header = await readCsvHeader(file);
    return { header, rows: csvRows(file) };
  }
  if (format === 'parquet') {
    const records = await readParquet(file);
    return { header: Object.keys(records[0] ?? {}), rows: parquetRows(records) };
  }
  const first = await readJsonl(file).next();
  return { header: Object.keys((first.value as Record<string, unknown> | undefined) ?? {}), rows: jsonlRows(file) };
}

async function* csvRows(file: string): AsyncGenerator<TableRow> {
  let index = 0;
  for await (const { line, values } of readCsv(file)) yield { index: index++, line, values };
}

async function* parquetRows(records: Record<string, unknown>[]): AsyncGenerator<TableRow> {
  for (const [index, record] of records.entries()) yield { index, row: index + 1, values: textValues(record) };
}

async function* jsonlRows(file: string): AsyncGenerator<TableRow> {
  let index = 0;
  for await (const record of readJsonl(file)) {
    if (typeof record !== 'object' || record === null || Array.isArray(record))
      throw new UserError('expected one JSON object per line', { file, line: index + 1 });
    yield { index, line: index + 1, values: textValues(record as Record<string, unknown>) };
    index++;
  }
}

/** sha256 of a file's bytes, streamed. */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
