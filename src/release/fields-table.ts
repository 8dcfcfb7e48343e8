import type { z } from 'zod';
import { columnsFromSchema } from '../io/parquet.ts';
import type { CardSection } from './card.ts';

interface ZodNode {
  def: { type: string; innerType?: z.ZodType; element?: z.ZodType; options?: z.ZodType[]; valueType?: z.ZodType };
  description?: string;
  format?: string | null;
  options?: unknown[];
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'readonly', 'catch', 'prefault']);

/** Human-readable type of a zod field, as a dataset user reads it (e.g. `list<int>`, `string | null`). */
export function typeName(schema: z.ZodType): string {
  const node = schema as unknown as ZodNode;
  if (node.def.type === 'nullable' && node.def.innerType) return `${typeName(node.def.innerType)} | null`;
  if (WRAPPERS.has(node.def.type) && node.def.innerType) return typeName(node.def.innerType);
  switch (node.def.type) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'number':
      return node.format === 'safeint' || node.format === 'int32' ? 'int' : 'float';
    case 'enum':
      return `enum (${(node.options ?? []).map((o) => `\`${String(o)}\``).join(', ')})`;
    case 'array':
      return `list<${typeName(node.def.element as z.ZodType)}>`;
    case 'union':
      return (node.def.options ?? []).map(typeName).join(' | ');
    case 'record':
      return `map<string, ${typeName(node.def.valueType as z.ZodType)}>`;
    case 'object':
      return 'object';
    default:
      return node.def.type;
  }
}

/** Description of a field: the outermost `.describe()` text, looking through wrappers. */
function descriptionOf(schema: z.ZodType): string {
  let node = schema as unknown as ZodNode;
  while (!node.description && WRAPPERS.has(node.def.type) && node.def.innerType) node = node.def.innerType as unknown as ZodNode;
  return node.description ?? '';
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Columns the Parquet writer stores as JSON text (nested values): strings to a Parquet reader. */
export function jsonTextColumns(schema: z.ZodObject): string[] {
  return columnsFromSchema(schema)
    .filter((c) => c.leaf === 'JSON')
    .map((c) => c.name);
}

/** The card's data-fields table, generated from the release record schema so it never drifts. */
export function fieldsTable(schema: z.ZodObject): string {
  const jsonText = new Set(jsonTextColumns(schema));
  const rows = Object.entries(schema.shape).map(([name, field]) => {
    const type = typeName(field as z.ZodType);
    const shown = jsonText.has(name) ? `JSON text in Parquet; ${type} in JSONL` : type;
    return `| \`${name}\` | ${escapeCell(shown)} | ${escapeCell(descriptionOf(field as z.ZodType))} |`;
  });
  return ['| field | type | description |', '|---|---|---|', ...rows].join('\n');
}

/** The card's usage notes for a release whose nested columns are JSON text in Parquet; none when it has none. */
export function usageNotesSections(schema: z.ZodObject): CardSection[] {
  const columns = jsonTextColumns(schema);
  if (columns.length === 0) return [];
  const named = columns.map((c) => `\`${c}\``).join(', ');
  const body = [
    `The nested columns ${named} are stored in the Parquet files (config \`default\`) as JSON text (Parquet \`JSON\` logical type), so Parquet readers such as pandas, DuckDB or \`datasets\` give them as strings; the JSONL files (config \`jsonl\`) hold the same values as objects. Parse a Parquet value with \`json.loads\` (a null stays null):`,
    '',
    '```python',
    `value = json.loads(row["${columns[0]}"]) if row["${columns[0]}"] is not None else None`,
    '```',
  ].join('\n');
  return [{ heading: 'Usage notes', body }];
}
