/**
 * Zero-width characters seen in real exports (U+200B space, U+200C/U+200D joiners, U+2060 word
 * joiner, U+FEFF): invisible, yet they make two equal theses differ.
 */
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/g;
/** A footnote marker `[n]` and the space before it, as public tools strip it (`\s*\[\d+\]`). */
const FOOTNOTE = /\s*\[(\d+)\](?!\()/g;

/**
 * The thesis as a statement: footnote markers and zero-width characters removed (the sources a
 * marker points to go to the record's own `sources` field), surrounding whitespace trimmed. One
 * rule for export, API and rehydrate, so the same thesis reads the same from every source.
 */
export function cleanThesis(text: string): string {
  return text.replace(ZERO_WIDTH, '').replace(FOOTNOTE, '').trim();
}

/** The footnote numbers a text cites, in order of first appearance. */
export function citedRefs(text: string): number[] {
  return [...new Set([...text.replace(ZERO_WIDTH, '').matchAll(FOOTNOTE)].map((m) => Number(m[1])))];
}

/**
 * A thesis text reduced to what survives the trip through Kialo's page, its export formats and
 * later edits of spacing or case: footnote markers and zero-width characters go (`cleanThesis`),
 * markdown links become their text, export escapes (`\(`, `\[`, a literal `\n` of the old format)
 * are undone, whitespace collapses, case folds. Two sources naming one thesis give the same key;
 * the key is for matching only, never stored.
 */
export function thesisKey(text: string): string {
  return cleanThesis(text.normalize('NFC'))
    .replace(/\\n/g, ' ')
    .replace(/\[((?:\\.|[^\]\\])*)\]\((?:\\.|[^)\\])*\)/g, '$1')
    .replace(/\\([()[\]\\*_#])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** Statement id of the k-th thesis (1-based); "#" keeps it apart from Kialo's claim ids `<id>.<n>`. */
export function statementIdOf(discussionId: number, thesisPosition: number | null): string {
  return thesisPosition === null ? String(discussionId) : `${discussionId}#${thesisPosition}`;
}
