/**
 * The order of the final records: the stages write them in it once, and `normforge export`
 * streams them in it, checking it as it goes, instead of loading and sorting every row.
 */

/** Sociocultural Statements labels: by statement, then dimension. */
export const statementLabelKey = (r: { statement_id: string; dimension: string }): string[] => [
  r.statement_id,
  r.dimension,
];

/** PACT instances: by instance id. */
export const pactInstanceKey = (r: { instance_id: string }): string[] => [r.instance_id];

/** Compares two keys part by part, each as a string (code unit order, as `Array.prototype.sort` does). */
export function compareKeys(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return a.length - b.length;
}
