/**
 * Tolerant reading of a raw answer, before the zod schema sees it. Real providers deviate: reasoning
 * models put their thinking in `<think>…</think>` before the answer, models without structured
 * output wrap the JSON in prose or a code fence, and some add keys nobody asked for. Each repair is
 * derived from the raw text alone (parsing runs on every cache read), and each is named so the
 * sample and the stage summary say what was done.
 */
export type Repair = 'think-stripped' | 'extracted' | 'extra-keys';

export const REPAIRS: readonly Repair[] = ['think-stripped', 'extracted', 'extra-keys'];

const THINK = /^\s*<think>[\s\S]*?<\/think>\s*/;

/** The raw text without a leading reasoning block (kept in the raw answer, never parsed). */
export function stripThink(raw: string): { text: string; stripped: boolean } {
  const m = THINK.exec(raw);
  return m ? { text: raw.slice(m[0].length), stripped: true } : { text: raw, stripped: false };
}

/** Stores the provider's separate reasoning text in the raw answer, where `stripThink` finds it again. */
export function withReasoning(content: string | null, reasoning: string | null | undefined): string | null {
  if (!reasoning) return content;
  return `<think>${reasoning}</think>${content ?? ''}`;
}

/** The end (exclusive) of the balanced `{…}` starting at `start`, strings respected; -1 if it never closes. */
function balancedEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
  }
  return -1;
}

/** The outermost JSON objects of a text: a stray `{` in prose is skipped, not allowed to swallow the rest. */
function jsonObjects(text: string): unknown[] {
  const found: unknown[] = [];
  for (let i = text.indexOf('{'); i !== -1; ) {
    const end = balancedEnd(text, i);
    const value = end === -1 ? undefined : tryJson(text.slice(i, end));
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      found.push(value);
      i = text.indexOf('{', end);
    } else i = text.indexOf('{', i + 1);
  }
  return found;
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The JSON value of a text: the text itself when it is JSON, else the one JSON object inside prose
 * or a code fence. Two different objects are ambiguous and nothing is guessed.
 */
export function extractJson(text: string): { ok: true; json: unknown; extracted: boolean } | { ok: false } {
  try {
    return { ok: true, json: JSON.parse(text), extracted: false };
  } catch {
    // not plain JSON: look inside
  }
  const objects = jsonObjects(text);
  if (new Set(objects.map((o) => JSON.stringify(o))).size !== 1) return { ok: false };
  return { ok: true, json: objects[0], extracted: true };
}

/** Removes the keys a strict schema reported as unrecognized (zod issue paths), in place on a copy. */
export function dropKeys(
  json: unknown,
  issues: ReadonlyArray<{ code: string; path: PropertyKey[]; keys?: string[] }>,
): { json: unknown; dropped: boolean } {
  const extra = issues.filter((i) => i.code === 'unrecognized_keys' && i.keys?.length);
  if (extra.length === 0 || extra.length !== issues.length) return { json, dropped: false };
  const copy: unknown = structuredClone(json);
  for (const issue of extra) {
    let node: unknown = copy;
    for (const step of issue.path)
      node = node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[step] : undefined;
    if (node === null || typeof node !== 'object') return { json, dropped: false };
    for (const key of issue.keys ?? []) delete (node as Record<string, unknown>)[key];
  }
  return { json: copy, dropped: true };
}
