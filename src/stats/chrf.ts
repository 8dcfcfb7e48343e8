/**
 * chrF, the character n-gram F-score (Popović 2015, "chrF: character n-gram F-score for automatic
 * MT evaluation", WMT 2015), at sentence level, computed as sacreBLEU 2.x computes it by default
 * (`CHRF(char_order=6, word_order=0, beta=2)`): whitespace is removed, character n-grams of order
 * 1..6 are counted (code points, so CJK and astral characters are one character each), precision
 * and recall are averaged over the orders both texts have n-grams of, and combined as an F-score
 * whose β weighs recall β times as much as precision. The score is in [0, 1] (sacreBLEU prints it
 * times 100). No npm package computes it, hence this small function.
 */
export const CHRF_ORDER = 6;
export const CHRF_BETA = 2;

/** The measure as cards and provenance name it. */
export const CHRF_DESCRIPTION =
  `chrF (Popović 2015): character n-gram F-score, n = 1..${CHRF_ORDER}, β = ${CHRF_BETA}, ` +
  'whitespace removed, sentence level (as sacreBLEU 2.x computes it)';

function characters(text: string): string[] {
  return Array.from(text.replace(/\s+/gu, ''));
}

function ngramCounts(chars: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= chars.length; i++) {
    const gram = chars.slice(i, i + n).join('');
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

function total(counts: Map<string, number>): number {
  let sum = 0;
  for (const c of counts.values()) sum += c;
  return sum;
}

function matches(hypothesis: Map<string, number>, reference: Map<string, number>): number {
  let sum = 0;
  for (const [gram, count] of hypothesis) sum += Math.min(count, reference.get(gram) ?? 0);
  return sum;
}

/**
 * chrF of `hypothesis` against `reference`, in [0, 1]. Orders where either text is too short to
 * have an n-gram are left out of the averages (sacreBLEU's "effective order"); two texts with no
 * character at all in common, or an empty one, score 0.
 */
export function chrf(hypothesis: string, reference: string, order = CHRF_ORDER, beta = CHRF_BETA): number {
  const hyp = characters(hypothesis);
  const ref = characters(reference);
  let precision = 0;
  let recall = 0;
  let effectiveOrder = 0;
  for (let n = 1; n <= order; n++) {
    const h = ngramCounts(hyp, n);
    const r = ngramCounts(ref, n);
    const hypTotal = total(h);
    const refTotal = total(r);
    if (hypTotal === 0 || refTotal === 0) continue;
    const matched = matches(h, r);
    precision += matched / hypTotal;
    recall += matched / refTotal;
    effectiveOrder += 1;
  }
  if (effectiveOrder === 0) return 0;
  precision /= effectiveOrder;
  recall /= effectiveOrder;
  if (precision + recall === 0) return 0;
  const b2 = beta * beta;
  return ((1 + b2) * precision * recall) / (b2 * precision + recall);
}
