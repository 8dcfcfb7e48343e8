import { describedLimit } from '../strict-schema.ts';

/**
 * A random value satisfying a JSON schema (the subset zod's `toJSONSchema` emits for answer
 * schemas), for tasks that have no dedicated simulator handler.
 */
type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
};

const LIMITS = [
  'minItems',
  'maxItems',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
] as const;

/** The schema with its limits, whether stated as keywords or (strict mode) in the description. */
function withLimits(schema: unknown): JsonSchema {
  const s = { ...((schema ?? {}) as JsonSchema) };
  for (const key of LIMITS) s[key] ??= describedLimit(schema, key);
  return s;
}

export function sampleFromSchema(schema: unknown, rng: () => number): unknown {
  const s = withLimits(schema);
  const pick = <T>(values: T[]): T => values[Math.floor(rng() * values.length)];
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return pick(s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives?.length) return sampleFromSchema(pick(alternatives), rng);
  const type = Array.isArray(s.type) ? pick(s.type.filter((t) => t !== 'null')) : s.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(s.properties ?? {})) out[key] = sampleFromSchema(child, rng);
      return out;
    }
    case 'array': {
      const min = s.minItems ?? 1;
      const max = Math.max(min, s.maxItems ?? min + 2);
      const length = min + Math.floor(rng() * (max - min + 1));
      return Array.from({ length }, () => sampleFromSchema(s.items, rng));
    }
    case 'integer':
    case 'number': {
      const lo = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 0);
      const hi = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : lo + 10);
      const v = lo + rng() * (hi - lo);
      return type === 'integer' ? Math.min(hi, Math.max(lo, Math.round(v))) : v;
    }
    case 'boolean':
      return rng() < 0.5;
    case 'string':
      return 'simulated '.repeat(Math.max(1, Math.ceil((s.minLength ?? 1) / 10))).trim();
    case 'null':
      return null;
    default:
      return {};
  }
}
