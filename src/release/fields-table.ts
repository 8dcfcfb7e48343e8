import type { z } from 'zod';

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

/** The card's data-fields table, generated from the release record schema so it never drifts. */
export function fieldsTable(schema: z.ZodObject): string {
  const rows = Object.entries(schema.shape).map(
    ([name, field]) => `| \`${name}\` | ${escapeCell(typeName(field as z.ZodType))} | ${escapeCell(descriptionOf(field as z.ZodType))} |`,
  );
  return ['| field | type | description |', '|---|---|---|', ...rows].join('\n');
}
