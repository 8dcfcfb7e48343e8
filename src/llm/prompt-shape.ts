/**
 * What a translated prompt template must keep from its source, because code reads it: every
 * `{{placeholder}}` (filled per request), every `<tag>` and `</tag>` (items are found inside them,
 * by answers' checks and the simulator) and the `---user---` line (splits system from user).
 * Everything else is the translator's to word.
 */
const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;
const TAG = /<(\/?)([\p{L}_][\p{L}\p{N}_-]*)>/gu;
const SEPARATOR = /^---user---\s*$/gm;

function counts(items: string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of items) out.set(item, (out.get(item) ?? 0) + 1);
  return out;
}

/** "lost {{statement}}", "added <b>": the difference of two multisets of marks, in words. */
function differences(kind: string, source: string[], translation: string[]): string[] {
  const want = counts(source);
  const got = counts(translation);
  const out: string[] = [];
  for (const mark of [...new Set([...want.keys(), ...got.keys()])].sort()) {
    const missing = (want.get(mark) ?? 0) - (got.get(mark) ?? 0);
    if (missing > 0) out.push(`lost ${kind} ${mark}${missing > 1 ? ` (${missing} times)` : ''}`);
    if (missing < 0) out.push(`added ${kind} ${mark}${missing < -1 ? ` (${-missing} times)` : ''}`);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(PLACEHOLDER)].map((m) => `{{${m[1]}}}`);
const tags = (text: string) => [...text.matchAll(TAG)].map((m) => `<${m[1]}${m[2]}>`);
const separators = (text: string) => [...text.matchAll(SEPARATOR)].map(() => '---user---');

/** Why `translation` cannot replace `source` as a template (an empty list when it keeps every mark). */
export function templateShapeProblems(source: string, translation: string): string[] {
  return [
    ...differences('the placeholder', placeholders(source), placeholders(translation)),
    ...differences('the tag', tags(source), tags(translation)),
    ...differences('the line', separators(source), separators(translation)),
  ];
}
