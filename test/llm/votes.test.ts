import { describe, expect, it } from 'vitest';
import { medianVote, modeOfRuns, voteDistribution, yesCountAtLeast } from '../../src/stats/votes.ts';

describe('votes', () => {
  it('mode of runs ignores failed runs and returns null when none is valid', () => {
    expect(modeOfRuns([2, 2, -1, null, 2])).toBe(2);
    expect(modeOfRuns([null, null])).toBeNull();
  });
  it('breaks ties toward the median of the runs, then the smaller absolute value, then the first seen', () => {
    expect(modeOfRuns([-2, -2, 1, 1, 2])).toBe(1);
    expect(modeOfRuns([-1, 1, 2, -2])).toBe(-1);
    expect(modeOfRuns([true, false, true, false])).toBe(false);
  });
  it('yesCountAtLeast counts yes votes against an absolute threshold', () => {
    expect(yesCountAtLeast([true, true, true, true, false, false, false, false], 4)).toEqual({
      yes: 4,
      total: 8,
      passed: true,
    });
    expect(yesCountAtLeast([true, true, true, null, false], 4)).toEqual({ yes: 3, total: 4, passed: false });
  });
  it('median of an ordinal scale without zero, with contested even splits across the sign', () => {
    expect(medianVote([2, 1, -1, 2, 1])).toEqual({ score: 1, contested: false });
    expect(medianVote([-2, -1, 1, 2])).toEqual({ score: 0, contested: true });
    expect(medianVote([-1, 1, 2, 2])).toEqual({ score: 1.5, contested: false });
    expect(medianVote([null])).toEqual({ score: null, contested: false });
  });
  it('keeps the full distribution', () => {
    expect(voteDistribution([1, -2, 1, null, 2])).toEqual({ '-2': 1, '1': 2, '2': 1, null: 1 });
  });
});
