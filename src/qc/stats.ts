import { brennanPrediger, gwetAc, percentAgreement, bootstrapCi, type Estimate, type RatingsMatrix } from '../stats/agreement.ts';
import type { Manifest, QcRating } from './schemas.ts';
import type { AgreementRow, Confusion, Coverage } from './stats-schemas.ts';

const YES_NO = ['yes', 'no'];

/** items × annotators matrix of one judgment (null where not rated). */
export function judgmentMatrix(manifest: Manifest, ratings: QcRating[], judgment: string, itemIds = manifest.items.map((i) => i.item_id)): (string | null)[][] {
  const index = new Map(ratings.map((r) => [`${r.item_id}\u0000${r.annotator}`, r.judgments[judgment] ?? null]));
  return itemIds.map((id) => manifest.annotators.map((a) => index.get(`${id}\u0000${a}`) ?? null));
}

export function agreementRow(matrix: RatingsMatrix, seed: number): AgreementRow {
  const categories = YES_NO;
  const fns: Record<'observed' | 'pabak' | 'gwet_ac1', (m: RatingsMatrix) => Estimate> = {
    observed: (m) => percentAgreement(m, { categories }),
    pabak: (m) => brennanPrediger(m, { categories }),
    gwet_ac1: (m) => gwetAc(m, { categories }),
  };
  const row = { items_rated_twice: matrix.filter((r) => r.filter((v) => v !== null).length >= 2).length, ci95: {} } as AgreementRow;
  for (const [name, fn] of Object.entries(fns) as [keyof typeof fns, (m: RatingsMatrix) => Estimate][]) {
    row[name] = fn(matrix).value;
    const ci = row[name] === null ? null : bootstrapCi(matrix, fn, { seed });
    row.ci95[name] = ci && ci.low !== null ? [ci.low, ci.high] : null;
  }
  return row;
}

export function confusion(manifest: Manifest, ratings: QcRating[], judgment: string, labels: string[]): Confusion {
  const llmOf = new Map(manifest.items.map((i) => [i.item_id, i.llm[judgment] ?? null]));
  const llmLabels = [...labels];
  const counts = labels.map(() => labels.map(() => 0));
  for (const r of ratings) {
    const h = r.judgments[judgment];
    const l = llmOf.get(r.item_id);
    if (h == null || l == null) continue;
    const li = llmLabels.indexOf(l);
    const hi = labels.indexOf(h);
    if (li < 0 || hi < 0) continue;
    counts[hi][li]++;
  }
  return { judgment, human_labels: labels, llm_labels: llmLabels, counts };
}

export function share(values: (string | null)[], label: string): number | null {
  const given = values.filter((v): v is string => v !== null);
  return given.length ? given.filter((v) => v === label).length / given.length : null;
}

export function coverage(manifest: Manifest, ratings: QcRating[], judgments: string[]): Coverage {
  const expected = manifest.items.reduce((s, it) => s + it.annotators.length, 0);
  const complete = ratings.filter((r) => judgments.every((j) => r.judgments[j] != null)).length;
  return { annotators: new Set(ratings.map((r) => r.annotator)).size, items: manifest.items.length, expected_ratings: expected, imported_ratings: complete, missing_ratings: expected - complete };
}

export function median(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

