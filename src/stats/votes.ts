/**
 * Vote aggregation for the LLM panel (DESIGN.md section 4). Pure functions: a run's votes go in,
 * an aggregate and its full distribution come out. Missing votes (failed or unparseable answers)
 * are `null` and never counted as a vote for anything.
 */
import { median } from './descriptive.ts';

export type Vote = number | boolean;

function numeric(v: Vote): number {
  return typeof v === 'boolean' ? (v ? 1 : 0) : v;
}

/**
 * The most frequent value among a member's runs; null when no run gave a valid answer.
 * Tie rule: among the tied values, the one closest to the median of all valid runs; if still
 * tied, the one with the smaller absolute value (for booleans false, i.e. the conservative "no");
 * if still tied, the one seen first. The rule pulls ties toward the centre of the runs and,
 * failing that, toward the neutral end of the scale, so a split member never reads as extreme.
 */
export function modeOfRuns<T extends Vote>(values: readonly (T | null)[]): T | null {
  const valid = values.filter((v): v is T => v !== null);
  if (valid.length === 0) return null;
  const counts = new Map<T, number>();
  for (const v of valid) counts.set(v, (counts.get(v) ?? 0) + 1);
  const top = Math.max(...counts.values());
  const tied = [...counts.keys()].filter((v) => counts.get(v) === top);
  if (tied.length === 1) return tied[0];
  // `valid` is not empty here, so there is a median.
  const centre = median(valid.map(numeric)) ?? 0;
  let best = tied[0];
  for (const candidate of tied.slice(1)) {
    if (closerToCentre(candidate, best, centre)) best = candidate;
  }
  return best;
}

function closerToCentre(a: Vote, b: Vote, centre: number): boolean {
  const da = Math.abs(numeric(a) - centre);
  const db = Math.abs(numeric(b) - centre);
  if (da !== db) return da < db;
  return Math.abs(numeric(a)) < Math.abs(numeric(b));
}

export interface YesCount {
  /** Votes saying yes. */
  yes: number;
  /** Valid votes cast (nulls excluded). */
  total: number;
  /** yes >= threshold. */
  passed: boolean;
}

/**
 * Counts yes votes and says whether they reach an absolute threshold (e.g. at least 4 of 8
 * members): not a majority of the votes cast, since missing votes lower the total, not the bar.
 */
export function yesCountAtLeast(votes: readonly (boolean | null)[], threshold: number): YesCount {
  const valid = votes.filter((v): v is boolean => v !== null);
  const yes = valid.filter(Boolean).length;
  return { yes, total: valid.length, passed: valid.length > 0 && yes >= threshold };
}

export interface MedianResult {
  /** The median; null when there is no valid vote. */
  score: number | null;
  /** As many votes below zero as above it: the panel disagrees on the direction. */
  contested: boolean;
}

/**
 * Median of votes on an ordinal scale without a neutral point (e.g. -2, -1, +1, +2).
 * Even-split rule: with an even number of votes the median is the mean of the two middle votes,
 * the usual convention, so it may fall between scale points (e.g. 1.5) or on 0 when the middle
 * votes have opposite signs. Items whose votes split evenly across the sign (as many negative as
 * positive) are flagged `contested`, whatever the median says.
 */
export function medianVote(values: readonly (number | null)[]): MedianResult {
  const valid = values.filter((v): v is number => v !== null);
  const negative = valid.filter((v) => v < 0).length;
  const positive = valid.filter((v) => v > 0).length;
  return { score: median(valid), contested: negative > 0 && negative === positive };
}

/** How many times each value was voted (nulls counted under "null"), keys in ascending value order. */
export function voteDistribution(values: readonly (Vote | null)[]): Record<string, number> {
  const sorted = [...values].sort((a, b) => (a === null ? 1 : b === null ? -1 : numeric(a) - numeric(b)));
  const out: Record<string, number> = {};
  for (const v of sorted) out[String(v)] = (out[String(v)] ?? 0) + 1;
  return out;
}
