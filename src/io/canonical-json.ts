/**
 * JSON with object keys sorted at every level (undefined members left out), so equal values
 * serialise — and hash — equally. Written directly (no sorted copy is built): every LLM request is
 * hashed through it, 100,000 at a time when an evaluation is re-derived.
 */
export function canonicalJson(value: unknown): string {
  return write(value) ?? 'null';
}

/** Values registered as never mutated again (e.g. a task's JSON schema), serialised once. */
const frozen = new WeakMap<object, string>();

/** Marks an object as immutable from now on so its canonical form is computed once; returns it. */
export function immutableForCanonicalJson<T extends object>(value: T): T {
  frozen.set(value, write(value)!);
  return value;
}

/** Objects are written by their own enumerable keys (a Date writes as {}), exactly as the earlier sorted-copy version did, so no fingerprint or cache key changes. */
function write(value: unknown): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      return JSON.stringify(value);
    case 'bigint':
      // As JSON.stringify does.
      throw new TypeError('Do not know how to serialize a BigInt');
    case 'object':
      break;
    default:
      return undefined;
  }
  const obj = value as object;
  const memo = frozen.get(obj);
  if (memo !== undefined) return memo;
  if (Array.isArray(obj)) return `[${obj.map((v) => write(v) ?? 'null').join(',')}]`;
  const parts: string[] = [];
  for (const key of Object.keys(obj).sort()) {
    const v = write((obj as Record<string, unknown>)[key]);
    if (v !== undefined) parts.push(`${JSON.stringify(key)}:${v}`);
  }
  return `{${parts.join(',')}}`;
}
