/**
 * OpenAI's structured-outputs strict mode accepts a subset of JSON Schema: every object closed
 * (`additionalProperties: false`) with every property required, a root object, and no validation
 * keywords such as `minLength` or `minimum`. `toStrictSchema` turns zod's JSON Schema of an answer
 * into that subset (optional properties become required and nullable); the answer's zod schema
 * still checks everything the subset leaves out when the answer is parsed.
 * `strictSchemaViolations` is the same rule set as a check: the simulator refuses what it lists,
 * as OpenAI would.
 */
type Schema = Record<string, unknown>;

/** Keywords strict mode understands; anything else is dropped (zod validates it on parse). */
const SUPPORTED = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'enum',
  'const',
  'anyOf',
  '$ref',
  '$defs',
  'description',
  'title',
]);

const isSchema = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

function allowsNull(schema: Schema): boolean {
  const { type } = schema;
  if (type === 'null' || (Array.isArray(type) && type.includes('null'))) return true;
  return Array.isArray(schema.anyOf) && schema.anyOf.some((s) => isSchema(s) && allowsNull(s));
}

function nullable(schema: Schema): Schema {
  if (allowsNull(schema)) return schema;
  const plainType = typeof schema.type === 'string' && schema.enum === undefined && schema.const === undefined;
  if (plainType) return { ...schema, type: [schema.type, 'null'] };
  return { anyOf: [schema, { type: 'null' }] };
}

/**
 * The limits strict mode cannot carry, written into the description ("minimum: 1, maximum: 5") so
 * the model is still told them; zod enforces them on parse.
 */
function describeDropped(schema: Schema): string | undefined {
  const dropped = Object.entries(schema).filter(
    ([key, value]) => !SUPPORTED.has(key) && key !== 'oneOf' && key !== '$schema' && !isSchema(value),
  );
  if (!dropped.length) return undefined;
  const limits = dropped.map(([key, value]) => `${key}: ${JSON.stringify(value)}`).join(', ');
  return typeof schema.description === 'string' ? `${schema.description} (${limits})` : limits;
}

/** A numeric limit `toStrictSchema` wrote into a description (for the simulator's schema sampler). */
export function describedLimit(schema: unknown, key: string): number | undefined {
  if (!isSchema(schema) || typeof schema.description !== 'string') return undefined;
  const m = new RegExp(`\\b${key}: (-?\\d+(?:\\.\\d+)?)`).exec(schema.description);
  return m ? Number(m[1]) : undefined;
}

export function toStrictSchema(schema: unknown): Schema {
  if (!isSchema(schema)) return {};
  const out: Schema = {};
  const description = describeDropped(schema);
  if (description) out.description = description;
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'oneOf') out.anyOf = flattenAnyOf((value as unknown[]).map(toStrictSchema));
    else if (key === 'anyOf') out.anyOf = flattenAnyOf((value as unknown[]).map(toStrictSchema));
    else if (key === 'items') out.items = toStrictSchema(value);
    else if (key === '$defs')
      out.$defs = Object.fromEntries(Object.entries(value as Schema).map(([k, v]) => [k, toStrictSchema(v)]));
    else if (
      key !== 'properties' &&
      key !== 'required' &&
      key !== 'additionalProperties' &&
      key !== 'description' &&
      SUPPORTED.has(key)
    )
      out[key] = value;
    else if (key === 'description' && !description) out.description = value;
  }
  if (schema.type === 'object' || isSchema(schema.properties)) closeObject(schema, out);
  return out;
}

function closeObject(schema: Schema, out: Schema): void {
  const properties = isSchema(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  out.properties = Object.fromEntries(
    Object.entries(properties).map(([name, child]) => {
      const strict = toStrictSchema(child);
      return [name, required.has(name) ? strict : nullable(strict)];
    }),
  );
  out.required = Object.keys(properties);
  out.additionalProperties = false;
}

/** `anyOf: [{anyOf: [a, b]}, c]` becomes `anyOf: [a, b, c]`. */
function flattenAnyOf(options: Schema[]): Schema[] {
  return options.flatMap((o) => (Array.isArray(o.anyOf) && Object.keys(o).length === 1 ? (o.anyOf as Schema[]) : [o]));
}

/** Where a schema breaks strict mode, one message per problem (empty when it conforms). */
export function strictSchemaViolations(schema: unknown): string[] {
  if (!isSchema(schema) || schema.type !== 'object')
    return ['(root): the root must be an object schema (type "object")'];
  const problems: string[] = [];
  walk(schema, '(root)', problems);
  return problems;
}

function walk(schema: Schema, at: string, problems: string[]): void {
  for (const key of Object.keys(schema))
    if (!SUPPORTED.has(key)) problems.push(`${at}: keyword "${key}" is not supported`);
  const typed = ['type', 'anyOf', '$ref', 'enum', 'const'].some((key) => key in schema);
  if (!typed) problems.push(`${at}: a schema must have a "type"`);
  const isObject =
    schema.type === 'object' ||
    (Array.isArray(schema.type) && schema.type.includes('object')) ||
    isSchema(schema.properties);
  if (isObject) {
    if (schema.additionalProperties !== false)
      problems.push(`${at}: "additionalProperties" must be supplied and be false`);
    const names = Object.keys(isSchema(schema.properties) ? schema.properties : {});
    const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
    const missing = names.filter((n) => !required.includes(n));
    if (missing.length) problems.push(`${at}: "required" must list every property; missing ${missing.join(', ')}`);
  }
  if (isSchema(schema.properties))
    for (const [name, child] of Object.entries(schema.properties))
      if (isSchema(child)) walk(child, `${at}.${name}`, problems);
  if (isSchema(schema.items)) walk(schema.items, `${at}[]`, problems);
  if (Array.isArray(schema.anyOf))
    schema.anyOf.forEach((child, i) => isSchema(child) && walk(child, `${at}|${i}`, problems));
  if (isSchema(schema.$defs))
    for (const [name, child] of Object.entries(schema.$defs))
      if (isSchema(child)) walk(child, `$defs.${name}`, problems);
}

/**
 * Undoes `toStrictSchema`'s nullable optionals on an answer: a null where the original schema has
 * an optional, non-nullable property is the model's way of leaving it out.
 */
export function dropNullOptionals(value: unknown, original: unknown): unknown {
  if (!isSchema(original)) return value;
  if (Array.isArray(value))
    return isSchema(original.items) ? value.map((v) => dropNullOptionals(v, original.items)) : value;
  if (!isSchema(value) || !isSchema(original.properties)) return value;
  const required = Array.isArray(original.required) ? (original.required as string[]) : [];
  const out: Schema = {};
  for (const [key, v] of Object.entries(value)) {
    const child = original.properties[key];
    if (v === null && isSchema(child) && !required.includes(key) && !allowsNull(child)) continue;
    out[key] = dropNullOptionals(v, child);
  }
  return out;
}
