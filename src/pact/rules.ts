// The PACT judging rules in words: the stages record them in provenance and the release card states them.

/** The decision rule of `decide` in stages/filter-usable.ts, recorded with every run (the card states it from there). */
export const USABLE_RULE =
  'kept when a strict majority of all samples (judges × runs) call the assertion an actionable social norm; a tie rejects';

/** The decision rule of `decide` in stages/validate-items.ts, recorded with every run (the card states it from there). */
export const VALIDATION_RULE =
  'each criterion passes by a strict majority of all samples (judges × runs; a tie fails); an item is kept only when all three pass';
