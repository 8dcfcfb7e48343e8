/**
 * Inter-rater agreement statistics (pure functions). Input: a ratings matrix, items × raters, with
 * `null` for a missing rating. Each coefficient returns `{value}` or `{value: null, reason}` when
 * the data leave it undefined. Formulas and sources are in each module's doc comments.
 */
export * from './agreement/ratings.ts';
export * from './agreement/weights.ts';
export * from './agreement/chance-corrected.ts';
export * from './agreement/cohen.ts';
export * from './agreement/krippendorff.ts';
export * from './agreement/specific.ts';
export * from './agreement/bootstrap.ts';
export * from './agreement/patterns.ts';
export * from './agreement/kernels.ts';
export * from './agreement/summary.ts';
