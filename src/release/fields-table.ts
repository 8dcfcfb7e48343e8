import type { z } from 'zod';
import { columnsFromSchema } from '../io/parquet.ts';
import type { CardSection } from './card.ts';

interface ZodNode {
  def: {
    type: string;
    innerType?: z.ZodType;
    element?: z.ZodType;
    options?: z.ZodType[];
    valueType?: z.ZodType;
    shape?: Record<string, z.ZodType>;
  };
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
      return node.def.shape
        ? `struct<${Object.entries(node.def.shape)
            .map(([k, v]) => `${k}: ${typeName(v)}`)
            .join(', ')}>`
        : 'object';
    default:
      return node.def.type;
  }
}

/** Description of a field: the outermost `.describe()` text, looking through wrappers. */
function descriptionOf(schema: z.ZodType): string {
  let node = schema as unknown as ZodNode;
  while (!node.description && WRAPPERS.has(node.def.type) && node.def.innerType)
    node = node.def.innerType as unknown as ZodNode;
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

/** Lines the usage snippet adds for columns stored as JSON text: one helper that works with every reader. */
function jsonColumnLines(columns: readonly string[]): string[] {
  if (columns.length === 0) return [];
  const first = columns[0];
  return [
    '',
    `# ${columns.join(', ')}: JSON text in Parquet. \`datasets\` decodes it, pandas gives the text.`,
    'def decoded(value):',
    '    return json.loads(value) if isinstance(value, str) else value',
    '',
    `${first} = decoded(ds[0]["${first}"])`,
    `assert decoded(df["${first}"].iloc[0]) == ${first}`,
  ];
}

/**
 * The card's usage section: a snippet that runs as it is in \`datasets\` and pandas (the release
 * tests execute it when Python is there). The card advertises one config, the Parquet files:
 * \`datasets\` takes one builder for all of a repository's configs, so a JSONL config beside
 * a Parquet one cannot load; the JSONL file is read with the \`json\` builder by its path.
 */
export function usageSection(schema: z.ZodObject, dataset: string): CardSection {
  const columns = jsonTextColumns(schema);
  const code = [
    'import json',
    'import pandas as pd',
    'from datasets import load_dataset',
    '',
    `REPO = "your-namespace/${dataset}"  # the Hub repository this card belongs to`,
    'BASE = f"hf://datasets/{REPO}"',
    '',
    'ds = load_dataset(REPO, split="train")  # config "default": data/train.parquet',
    'df = pd.read_parquet(f"{BASE}/data/train.parquet")',
    'rows = load_dataset("json", data_files=f"{BASE}/data/train.jsonl", split="train")  # the same rows as JSON lines',
    ...jsonColumnLines(columns),
  ];
  const intro = `\`data/train.parquet\` is the dataset's one config (\`default\`); \`data/train.jsonl\` holds the same rows as JSON lines, float fields written with a decimal point so readers infer the Parquet types. Structured fields are native Parquet structs and lists${columns.length ? `, except ${columns.map((c) => `\`${c}\``).join(', ')}, which have no fixed shape and are stored as JSON text` : ''}.`;
  return { heading: 'Usage', body: `${intro}\n\n\`\`\`python\n${code.join('\n')}\n\`\`\`` };
}
