/**
 * A thesis text reduced to what survives the trip through Kialo's page, its export formats and
 * later edits of spacing or case: markdown links become their text, export escapes (`\(`, `\[`,
 * a literal `\n` of the old format) are undone, whitespace collapses, case folds. Two sources
 * naming one thesis give the same key; the key is for matching only, never stored.
 */
export function thesisKey(text: string): string {
  return text
    .normalize('NFC')
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
