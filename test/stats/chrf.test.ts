import { describe, expect, it } from 'vitest';
import { chrf } from '../../src/stats/chrf.ts';

/**
 * chrF = (1 + β²)·P·R / (β²·P + R) with β = 2, P and R averaged over the n-gram orders (1..6)
 * both texts have n-grams of; spaces removed; one code point is one character.
 */
describe('chrF (Popović 2015; sacreBLEU 2.x sentence score, char order 6, β 2)', () => {
  it('is 1 for identical texts and ignores whitespace', () => {
    expect(chrf('Family comes first.', 'Family comes first.')).toBe(1);
    // "a b" loses its space: both are "ab", P = R = 1 at orders 1 and 2.
    expect(chrf('a b', 'ab')).toBe(1);
  });

  it('is 0 with no character in common or an empty text', () => {
    expect(chrf('ab', 'cd')).toBe(0);
    expect(chrf('', 'abc')).toBe(0);
  });

  it('matches hand-computed values', () => {
    // hyp "ab", ref "abc". Order 1: hyp {a,b} (2), ref {a,b,c} (3), 2 matched: P 1, R 2/3.
    // Order 2: hyp {ab} (1), ref {ab,bc} (2), 1 matched: P 1, R 1/2. Order 3+: hyp has none, skipped.
    // P = 1, R = (2/3 + 1/2) / 2 = 7/12; F = 5·(7/12) / (4 + 7/12) = 35/55 = 7/11.
    expect(chrf('ab', 'abc')).toBeCloseTo(7 / 11, 12);
    // hyp "中国人", ref "中国". Order 1: 3 vs 2 grams, 2 matched: P 2/3, R 1. Order 2: {中国,国人} vs
    // {中国}, 1 matched: P 1/2, R 1. P = 7/12, R = 1; F = 5·(7/12) / (4·7/12 + 1) = 35/40 = 7/8.
    expect(chrf('中国人', '中国')).toBeCloseTo(7 / 8, 12);
    // Clipped counts: hyp "aaa", ref "a". Order 1: a×3 vs a×1, 1 matched: P 1/3, R 1; order 2: ref has
    // none. F = 5·(1/3) / (4/3 + 1) = 5/7.
    expect(chrf('aaa', 'a')).toBeCloseTo(5 / 7, 12);
    // An astral character is one character (two UTF-16 units): hyp "𝒳", ref "𝒳z". Order 1: P 1, R 1/2;
    // order 2: hyp has none. F = 5·(1/2) / (4 + 1/2) = 5/9.
    expect(chrf('𝒳', '𝒳z')).toBeCloseTo(5 / 9, 12);
  });

  it('agrees with sacreBLEU 2.6.0 (CHRF().sentence_score(hyp, [ref]).score / 100, computed once by hand)', () => {
    // Paraphrases, the scores the README's reviewBelow default is set against.
    expect(chrf('Family always comes first.', 'The family comes first, always.')).toBeCloseTo(0.5632597972481932, 12);
    expect(
      chrf(
        'The relationship between cats and dogs is not exactly friendly.',
        'The relationship between dogs and cats is not exactly friendly.',
      ),
    ).toBeCloseTo(0.8441131092011066, 12);
    // Translations that stop a third of the way through.
    expect(chrf('Governments should push', 'Governments should push to implement 100% renewable energy')).toBeCloseTo(
      0.4344931991793338,
      12,
    );
    expect(chrf('政府应推动实现', '政府应推动实现百分之百使用可再生能源')).toBeCloseTo(0.32876331199253334, 12);
  });

  it('weighs recall over precision (β = 2): a translation that stops short scores low', () => {
    const reference = 'Governments should push to implement 100% renewable energy';
    const short = chrf('Governments should push', reference);
    expect(short).toBeLessThan(0.5);
    // The same texts the other way round: precision and recall swap, so the score rises.
    expect(chrf(reference, 'Governments should push')).toBeGreaterThan(short);
  });
});
