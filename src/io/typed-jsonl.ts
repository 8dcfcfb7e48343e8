import type { z } from 'zod';
import { writeFileAtomic } from './atomic.ts';
import { columnsFromSchema, type ParquetColumn } from './parquet.ts';

/**
 * JSONL whose numbers carry the type the Parquet file gives them. JSON has one number type, so
 * readers infer it from the digits: a float column whose values happen to be whole (`1`) would be
 * read as integers from JSONL while Parquet says double. Float fields are written with a decimal
 * point (`1.0`), so pandas, pyarrow and `datasets` read the same type from both files.
 */
const SAFE = 1e15;

function float(value: unknown): string {
  return typeof value === 'number' && Number.isInteger(value) && Math.abs(value) < SAFE
    ? `${value}.0`
    : JSON.stringify(value);
}

function valueText(col: ParquetColumn, value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (col.leaf === 'DOUBLE') return col.list && Array.isArray(value) ? `[${value.map(float).join(',')}]` : float(value);
  if (col.leaf === 'STRUCT' && typeof value === 'object' && !Array.isArray(value))
    return objectText(col.fields ?? [], value as Record<string, unknown>);
  return JSON.stringify(value);
}

/** Every column in schema order, an absent one as null: each line has the Parquet file's columns. */
function objectText(columns: readonly ParquetColumn[], row: Record<string, unknown>): string {
  const fields = columns.map((c) => `${JSON.stringify(c.name)}:${valueText(c, row[c.name])}`);
  return `{${fields.join(',')}}`;
}

/** One record as a JSON line typed by the record's zod schema (see above). */
export function typedJsonLine(columns: readonly ParquetColumn[], row: Record<string, unknown>): string {
  return `${objectText(columns, row)}\n`;
}

/** Writes records as typed JSONL atomically; columns come from the record's zod schema. */
export function writeTypedJsonl(file: string, schema: z.ZodObject, rows: readonly Record<string, unknown>[]): void {
  const columns = columnsFromSchema(schema);
  writeFileAtomic(file, rows.map((r) => typedJsonLine(columns, r)).join(''));
}
