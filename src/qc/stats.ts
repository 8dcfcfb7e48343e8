import {
  bootstrapKernels,
  brennanPrediger,
  chanceCorrectedKernel,
  gwetAc,
  patternTable,
  percentAgreement,
  type Estimate,
  type IntervalOrReason,
  type Kernel,
  type RatingsMatrix,
} from '../stats/agreement.ts';
import type { Manifest, QcRating } from './schemas.ts';
import type { AgreementRow, Confusion, Coverage } from './stats-schemas.ts';

const YES_NO = ['yes', 'no'];

/** items × annotators matrix of one judgment (null where not rated). */
export function judgmentMatrix(
  manifest: Manifest,
  ratings: QcRating[],
  judgment: string,
  itemIds = manifest.items.map((i) => i.item_id),
): (string | null)[][] {
  const index = new Map(ratings.map((r) => [`${r.item_id}\u0000${r.annotator}`, r.judgments[judgment] ?? null]));
  return itemIds.map((id) => manifest.annotators.map((a) => index.get(`${id}\u0000${a}`) ?? null));
}

const REPLICATES = 1000;
type AgreementName = 'observed' | 'pabak' | 'gwet_ac1';
const AGREEMENT_NAMES: readonly AgreementName[] = ['observed', 'pabak', 'gwet_ac1'];

/**
 * Observed agreement, PABAK and AC1 on yes/no, each with a seeded 95% bootstrap interval over items
 * (the fast, shared-resample bootstrap of `normforge agreement`), the resamples each interval rests
 * on, and the reason for every null value or interval.
 */
export function agreementRow(matrix: RatingsMatrix, seed: number): AgreementRow {
  const categories = YES_NO;
  const point: Record<AgreementName, Estimate> = {
    observed: percentAgreement(matrix, { categories }),
    pabak: brennanPrediger(matrix, { categories }),
    gwet_ac1: gwetAc(matrix, { categories }),
  };
  const table = patternTable(matrix, categories);
  const kernels: Record<AgreementName, Kernel> = {
    observed: chanceCorrectedKernel(table, 'percent_agreement'),
    pabak: chanceCorrectedKernel(table, 'brennan_prediger'),
    gwet_ac1: chanceCorrectedKernel(table, 'gwet_ac'),
  };
  const wanted = Object.fromEntries(AGREEMENT_NAMES.filter((n) => point[n].value !== null).map((n) => [n, kernels[n]]));
  const intervals: Partial<Record<AgreementName, IntervalOrReason>> = bootstrapKernels(
    table.patternOf,
    table.size,
    wanted,
    { seed, replicates: REPLICATES },
  );
  const ci95: AgreementRow['ci95'] = { observed: null, pabak: null, gwet_ac1: null };
  const used = { observed: 0, pabak: 0, gwet_ac1: 0 };
  const reasons: Partial<Record<AgreementName, string>> = {};
  for (const name of AGREEMENT_NAMES) {
    const ci = intervals[name];
    used[name] = ci?.replicates ?? 0;
    if (ci && ci.low !== null) ci95[name] = [ci.low, ci.high];
    const why = point[name].reason ?? (ci && ci.low === null ? `no interval: ${ci.reason}` : undefined);
    if (why) reasons[name] = why;
  }
  return {
    items_rated_twice: matrix.filter((r) => r.filter((v) => v !== null).length >= 2).length,
    observed: point.observed.value,
    pabak: point.pabak.value,
    gwet_ac1: point.gwet_ac1.value,
    ci95,
    reasons,
    bootstrap: { replicates: REPLICATES, seed, used },
  };
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
  return {
    annotators: new Set(ratings.map((r) => r.annotator)).size,
    items: manifest.items.length,
    expected_ratings: expected,
    imported_ratings: complete,
    missing_ratings: expected - complete,
  };
}
