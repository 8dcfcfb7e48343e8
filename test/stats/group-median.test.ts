import { describe, expect, it } from 'vitest';
import { median } from '../../src/stats/descriptive.ts';
import { groupBy } from '../../src/stats/group.ts';

describe('median and groupBy (one of each, in src/stats)', () => {
  it('median: the middle value, the mean of the two middle ones for an even count, null when empty', () => {
    const input = [3, -2, 1];
    expect(median(input)).toBe(1);
    expect(input).toEqual([3, -2, 1]);
    expect(median([2, -1, 1, -2])).toBe(0);
    expect(median([1, 2])).toBe(1.5);
    expect(median([])).toBeNull();
  });

  it('groupBy: groups in first-seen key order, items in input order', () => {
    const answers = [
      { item: 'b', v: 1 },
      { item: 'a', v: 2 },
      { item: 'b', v: 3 },
    ];
    expect([...groupBy(answers, (a) => a.item)]).toEqual([
      ['b', [answers[0], answers[2]]],
      ['a', [answers[1]]],
    ]);
    expect(groupBy([], (x: number) => x).size).toBe(0);
  });
});
