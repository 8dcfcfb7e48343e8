import { renameSync, rmSync, mkdirSync, openSync, fsyncSync, closeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { z } from 'zod';
import { ParquetWriter, fileWriter } from 'hyparquet-writer/src/node.js';
import { asyncBufferFromFile, parquetMetadata, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { tempPathFor } from './atomic.ts';

/**
 * The key-value metadata entry that carries the simulated flag inside a data file, whatever its
 * columns: the final files and the releases both say whether any label came from a simulator.
 */
export const PARQUET_SIMULATED_KEY = 'normforge.simulated';

type Leaf = 'STRING' | 'INT32' | 'DOUBLE' | 'BOOLEAN' | 'JSON' | 'STRUCT';
/**
 * How one record field is stored: a scalar, a LIST of scalars, a STRUCT when its shape is fixed
 * (an object whose fields are themselves stored natively), or JSON text for any other nested value.
 */
export interface ParquetColumn {
  name: string;
  leaf: Leaf;
  list: boolean;
  /** The fields of a STRUCT column. */
  fields?: ParquetColumn[];
}

/** Parquet schema element, as hyparquet-writer takes it. */
interface SchemaElement {
  name: string;
  type?: 'BYTE_ARRAY' | 'INT32' | 'DOUBLE' | 'BOOLEAN';
  converted_type?: 'UTF8' | 'JSON' | 'LIST';
  repetition_type?: 'OPTIONAL' | 'REQUIRED' | 'REPEATED';
  num_children?: number;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema as z.ZodType & { def: { type: string; innerType?: z.ZodType } };
  while (['optional', 'nullable', 'default', 'readonly', 'catch', 'prefault'].includes(s.def.type) && s.def.innerType) {
    s = s.def.innerType as typeof s;
  }
  return s;
}

function leafOf(schema: z.ZodType): Leaf {
  const s = unwrap(schema) as z.ZodType & {
    def: { type: string; values?: unknown[]; checks?: unknown[] };
    format?: string | null;
  };
  switch (s.def.type) {
    case 'string':
    case 'enum':
      return 'STRING';
    case 'literal':
      return typeof s.def.values?.[0] === 'number'
        ? 'DOUBLE'
        : typeof s.def.values?.[0] === 'boolean'
          ? 'BOOLEAN'
          : 'STRING';
    case 'boolean':
      return 'BOOLEAN';
    case 'number':
      return s.format === 'safeint' || s.format === 'int32' ? 'INT32' : 'DOUBLE';
    default:
      return 'JSON';
  }
}

type Inner = z.ZodType & { def: { type: string; element?: z.ZodType; shape?: Record<string, z.ZodType> } };

function columnOf(name: string, field: z.ZodType): ParquetColumn {
  const inner = unwrap(field) as Inner;
  if (inner.def.type === 'array' && inner.def.element) {
    const leaf = leafOf(inner.def.element);
    return leaf === 'JSON' ? { name, leaf: 'JSON', list: false } : { name, leaf, list: true };
  }
  if (inner.def.type === 'object' && inner.def.shape) {
    const fields = Object.entries(inner.def.shape).map(([n, f]) => columnOf(n, f));
    // a struct holds only natively stored fields; anything looser stays JSON text as a whole
    if (fields.every((f) => f.leaf !== 'JSON')) return { name, leaf: 'STRUCT', list: false, fields };
    return { name, leaf: 'JSON', list: false };
  }
  return { name, leaf: leafOf(inner), list: false };
}

/** Columns for a zod object schema: scalars stay typed, arrays of scalars become LISTs, fixed-shape objects STRUCTs, the rest JSON. */
export function columnsFromSchema(schema: z.ZodObject): ParquetColumn[] {
  return Object.entries(schema.shape).map(([name, field]) => columnOf(name, field as z.ZodType));
}

function leafElement(name: string, leaf: Exclude<Leaf, 'STRUCT'>): SchemaElement {
  const base: Record<Exclude<Leaf, 'STRUCT'>, Omit<SchemaElement, 'name'>> = {
    STRING: { type: 'BYTE_ARRAY', converted_type: 'UTF8' },
    JSON: { type: 'BYTE_ARRAY', converted_type: 'JSON' },
    INT32: { type: 'INT32' },
    DOUBLE: { type: 'DOUBLE' },
    BOOLEAN: { type: 'BOOLEAN' },
  };
  return { name, ...base[leaf], repetition_type: 'OPTIONAL' };
}

/** The column's schema elements, depth first (a group is followed by its children). */
function columnElements(col: ParquetColumn): SchemaElement[] {
  if (col.leaf === 'STRUCT') {
    const fields = col.fields ?? [];
    return [
      { name: col.name, repetition_type: 'OPTIONAL', num_children: fields.length },
      ...fields.flatMap(columnElements),
    ];
  }
  if (!col.list) return [leafElement(col.name, col.leaf)];
  return [
    { name: col.name, repetition_type: 'OPTIONAL', num_children: 1, converted_type: 'LIST' },
    { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
    leafElement('element', col.leaf),
  ];
}

function parquetSchema(columns: ParquetColumn[]): SchemaElement[] {
  return [{ name: 'root', num_children: columns.length }, ...columns.flatMap(columnElements)];
}

/** hyparquet-writer serialises JSON-typed columns itself, so nested values go in as they are. */
function cell(value: unknown): unknown {
  return value === undefined ? null : value;
}

/**
 * Streams records into a Parquet file in row groups, so large outputs never sit in memory whole.
 * The file appears at its target only on `commit()`.
 */
export class ParquetRecordWriter {
  private readonly tmp: string;
  private readonly writer: ParquetWriter;
  private pending: Record<string, unknown>[] = [];

  constructor(
    readonly target: string,
    private readonly columns: ParquetColumn[],
    private readonly rowGroupSize = 50_000,
    metadata: Record<string, string> = {},
  ) {
    mkdirSync(dirname(target), { recursive: true });
    this.tmp = tempPathFor(target);
    const kvMetadata = Object.entries(metadata).map(([key, value]) => ({ key, value }));
    this.writer = new ParquetWriter({
      writer: fileWriter(this.tmp),
      schema: parquetSchema(columns) as never,
      kvMetadata: kvMetadata.length ? kvMetadata : undefined,
    });
  }

  write(record: Record<string, unknown>): void {
    this.pending.push(record);
    if (this.pending.length >= this.rowGroupSize) this.flush();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const rows = this.pending;
    this.pending = [];
    this.writer.write({
      rowGroupSize: rows.length,
      columnData: this.columns.map((col) => ({ name: col.name, data: rows.map((r) => cell(r[col.name])) as never })),
    });
  }

  /** `metadata` given here replaces the constructor's: a flag known only once every record was seen. */
  commit(metadata?: Record<string, string>): void {
    this.flush();
    if (metadata) this.writer.kvMetadata = Object.entries(metadata).map(([key, value]) => ({ key, value }));
    this.writer.finish();
    const fd = openSync(this.tmp, 'r+');
    fsyncSync(fd);
    closeSync(fd);
    renameSync(this.tmp, this.target);
  }

  abort(): void {
    rmSync(this.tmp, { force: true });
  }
}

/**
 * Writes all records at once (for small outputs); columns come from the record's zod schema.
 * `metadata` goes into the file's key-value metadata, which travels with the file whatever its columns.
 */
export async function writeParquet(
  target: string,
  schema: z.ZodObject,
  records: Iterable<unknown> | AsyncIterable<unknown>,
  metadata: Record<string, string> = {},
): Promise<number> {
  const writer = new ParquetRecordWriter(target, columnsFromSchema(schema), undefined, metadata);
  let count = 0;
  try {
    for await (const rec of records as AsyncIterable<Record<string, unknown>>) {
      writer.write(rec);
      count++;
    }
    writer.commit();
    return count;
  } catch (err) {
    writer.abort();
    throw err;
  }
}

/** A value as the record has it: a null list is [], an absent value null, struct fields alike. */
function asRecordValue(col: ParquetColumn, value: unknown): unknown {
  if (col.list) return value ?? [];
  if (col.leaf !== 'STRUCT' || value === null || value === undefined || typeof value !== 'object') return value ?? null;
  const struct = value as Record<string, unknown>;
  return Object.fromEntries((col.fields ?? []).map((f) => [f.name, asRecordValue(f, struct[f.name])]));
}

function asRecord(columns: readonly ParquetColumn[], row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(columns.map((col) => [col.name, asRecordValue(col, row[col.name])]));
}

/**
 * Reads a Parquet file back into plain objects shaped like the records: null lists become [],
 * absent values null. hyparquet already decodes JSON-typed columns.
 */
export async function readParquet(file: string, schema?: z.ZodObject): Promise<Record<string, unknown>[]> {
  const rows = (await parquetReadObjects({ file: await asyncBufferFromFile(file) })) as Record<string, unknown>[];
  if (!schema) return rows;
  const columns = columnsFromSchema(schema);
  return rows.map((row) => asRecord(columns, row));
}

/**
 * Reads a Parquet file one row group at a time, each row shaped like `readParquet` shapes it: only
 * one group's rows are in memory, so a file of any size streams through.
 */
export async function* readParquetGroups(file: string, schema: z.ZodObject): AsyncGenerator<Record<string, unknown>[]> {
  const buffer = await asyncBufferFromFile(file);
  const metadata = await parquetMetadataAsync(buffer);
  const columns = columnsFromSchema(schema);
  const absentWhenNull = absentNotNull(schema);
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows);
    const rows = (await parquetReadObjects({ file: buffer, metadata, rowStart, rowEnd })) as Record<string, unknown>[];
    yield rows.map((row) => {
      const record = asRecord(columns, row);
      for (const name of absentWhenNull) if (record[name] === null) delete record[name];
      return record;
    });
    rowStart = rowEnd;
  }
}

/**
 * Fields the schema lets be absent but not null: Parquet stores an absent value as null, so these
 * become absent again and the record parses as it did before it was written.
 */
function absentNotNull(schema: z.ZodObject): string[] {
  return Object.entries(schema.shape)
    .filter(([, field]) => field.safeParse(undefined).success && !field.safeParse(null).success)
    .map(([name]) => name);
}

const ELEMENT_FIELDS = ['name', 'type', 'converted_type', 'repetition_type', 'num_children'] as const;

function elementText(element: Partial<Record<(typeof ELEMENT_FIELDS)[number], unknown>>): string {
  return JSON.stringify(ELEMENT_FIELDS.map((f) => element[f] ?? null));
}

/** Whether the file's columns are exactly those `writeParquet` writes for `schema` (names, types, nesting). */
export async function hasColumnsOf(file: string, schema: z.ZodObject): Promise<boolean> {
  const { schema: elements } = await parquetMetadataAsync(await asyncBufferFromFile(file));
  const expected = parquetSchema(columnsFromSchema(schema));
  return elements.length === expected.length && elements.every((e, i) => elementText(e) === elementText(expected[i]));
}

/** The file's key-value metadata (see `writeParquet`). */
export async function readParquetMetadata(file: string): Promise<Record<string, string>> {
  const metadata = await parquetMetadataAsync(await asyncBufferFromFile(file));
  return Object.fromEntries((metadata.key_value_metadata ?? []).map((kv) => [kv.key, kv.value ?? '']));
}

/** The key-value metadata of a Parquet file already in memory (bytes that were just verified, say). */
export function parquetKeyValues(bytes: Uint8Array): Record<string, string> {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return Object.fromEntries((parquetMetadata(buffer).key_value_metadata ?? []).map((kv) => [kv.key, kv.value ?? '']));
}
