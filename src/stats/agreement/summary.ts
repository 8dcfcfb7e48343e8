import { bootstrapCi, type CiOptions } from './bootstrap.ts';
import { brennanPrediger, fleissKappa, gwetAc, percentAgreement } from './chance-corrected.ts';
import { cohenKappa } from './cohen.ts';
import { krippendorffAlpha, type Scale } from './krippendorff.ts';
import { categoriesOf, nRaters, undefinedBecause, type Estimate, type Rating, type RatingsMatrix } from './ratings.ts';

export const SUMMARY_STATISTICS = [
  'percent_agreement',
  'pabak',
  'gwet_ac1',
  'gwet_ac2_linear',
  'gwet_ac2_quadratic',
  'fleiss_kappa',
  'cohen_kappa',
  'krippendorff_alpha',
] as const;
export type SummaryStatistic = (typeof SUMMARY_STATISTICS)[number];

export type AgreementSummary = {
  n_items: number;
  n_raters: number;
  n_ratings: number;
  scale: Scale;
  categories: Rating[];
  ci95: Record<SummaryStatistic, [number, number] | null>;
  /** Why a statistic (or its interval) is null. */
  undefined_reasons: Partial<Record<SummaryStatistic, string>>;
} & Record<SummaryStatistic, number | null>;

type Computers = Record<SummaryStatistic, (m: RatingsMatrix) => Estimate>;

function computers(scale: Scale, categories: Rating[], raters: number): Computers {
  const opts = { categories };
  const ordered = scale !== 'nominal';
  const weighted = (weights: 'linear' | 'quadratic') => (m: RatingsMatrix) =>
    ordered ? gwetAc(m, { categories, weights }) : undefinedBecause('weighted AC2 needs ordered categories; the scale is nominal');
  return {
    percent_agreement: (m) => percentAgreement(m, opts),
    pabak: (m) => brennanPrediger(m, opts),
    gwet_ac1: (m) => gwetAc(m, opts),
    gwet_ac2_linear: weighted('linear'),
    gwet_ac2_quadratic: weighted('quadratic'),
    fleiss_kappa: (m) => fleissKappa(m, opts),
    cohen_kappa: (m) => (raters === 2 ? cohenKappa(m, opts) : undefinedBecause(`Cohen's kappa needs exactly two raters (there are ${raters})`)),
    krippendorff_alpha: (m) => krippendorffAlpha(m, scale, categories),
  };
}

/**
 * Every agreement statistic of a ratings table at once, each with a seeded 95% bootstrap interval
 * over items — what `normforge agreement --json` prints.
 */
export function agreementSummary(matrix: RatingsMatrix, scale: Scale, opts: CiOptions & { categories?: readonly Rating[] } = {}): AgreementSummary {
  const raters = nRaters(matrix);
  const rows = matrix.map((row) => Array.from({ length: raters }, (_, j) => row[j] ?? null));
  const categories = categoriesOf(rows, opts.categories);
  const fns = computers(scale, categories, raters);
  const summary = {
    n_items: rows.filter((row) => row.some((v) => v !== null)).length,
    n_raters: raters,
    n_ratings: rows.flat().filter((v) => v !== null).length,
    scale,
    categories,
    ci95: {} as AgreementSummary['ci95'],
    undefined_reasons: {} as AgreementSummary['undefined_reasons'],
  } as AgreementSummary;
  for (const name of SUMMARY_STATISTICS) {
    const est = fns[name](rows);
    summary[name] = est.value;
    if (est.value === null) {
      summary.undefined_reasons[name] = est.reason;
      summary.ci95[name] = null;
      continue;
    }
    const ci = bootstrapCi(rows, fns[name], opts);
    summary.ci95[name] = ci.low === null ? null : [ci.low, ci.high];
  }
  return summary;
}

/**
 * What `normforge agreement --json` prints: the keys issue 7 names, in its order, then
 * `undefined_reasons` (why a statistic is null) as the one extra key.
 */
export type AgreementJson = Pick<AgreementSummary, 'n_items' | 'n_raters' | SummaryStatistic | 'ci95' | 'undefined_reasons'>;

export function agreementJson(s: AgreementSummary): AgreementJson {
  return {
    n_items: s.n_items,
    n_raters: s.n_raters,
    ...(Object.fromEntries(SUMMARY_STATISTICS.map((name) => [name, s[name]])) as Record<SummaryStatistic, number | null>),
    ci95: Object.fromEntries(SUMMARY_STATISTICS.map((name) => [name, s.ci95[name]])) as AgreementSummary['ci95'],
    undefined_reasons: s.undefined_reasons,
  };
}
