import { bootstrapKernels, checkedReplicates, type CiOptions, type IntervalOrReason } from './bootstrap.ts';
import { brennanPrediger, fleissKappa, gwetAc, percentAgreement } from './chance-corrected.ts';
import { cohenKappa } from './cohen.ts';
import { chanceCorrectedKernel, cohenKernel, krippendorffKernel, type Kernel } from './kernels.ts';
import { krippendorffAlpha, type Scale } from './krippendorff.ts';
import { patternTable } from './patterns.ts';
import { categoriesOf, undefinedBecause, type Estimate, type Rating, type RatingsMatrix } from './ratings.ts';

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

type PerStatistic<T> = Record<SummaryStatistic, T>;

export interface BootstrapReport {
  /** Resamples drawn (0 = point estimates only). */
  replicates: number;
  seed: number;
  level: number;
  /** Per statistic, the resamples on which it was defined: its interval is taken over these (0 when not bootstrapped). */
  resamples_used: PerStatistic<number>;
}

export type AgreementSummary = {
  n_items: number;
  /** Rater columns with at least one rating. */
  n_raters: number;
  n_ratings: number;
  scale: Scale;
  categories: Rating[];
  ci95: PerStatistic<[number, number] | null>;
  /** Why a statistic is null. */
  undefined_reasons: Partial<PerStatistic<string>>;
  /** Why an interval is null (every null interval has one). */
  ci95_reasons: Partial<PerStatistic<string>>;
  bootstrap: BootstrapReport;
  /** 0-based indices of the input's rater columns that hold no rating at all: left out of everything. */
  empty_rater_columns: number[];
} & PerStatistic<number | null>;

const NOMINAL_AC2 = 'weighted AC2 needs ordered categories; the scale is nominal';
const cohenNeedsTwo = (raters: number) => `Cohen's kappa needs exactly two raters (there are ${raters})`;

/** Point estimates: the statistics' own functions, so they stay exactly what they were. */
function computers(scale: Scale, categories: Rating[], raters: number): PerStatistic<(m: RatingsMatrix) => Estimate> {
  const opts = { categories };
  const weighted = (weights: 'linear' | 'quadratic') => (m: RatingsMatrix) =>
    scale !== 'nominal' ? gwetAc(m, { categories, weights }) : undefinedBecause(NOMINAL_AC2);
  return {
    percent_agreement: (m) => percentAgreement(m, opts),
    pabak: (m) => brennanPrediger(m, opts),
    gwet_ac1: (m) => gwetAc(m, opts),
    gwet_ac2_linear: weighted('linear'),
    gwet_ac2_quadratic: weighted('quadratic'),
    fleiss_kappa: (m) => fleissKappa(m, opts),
    cohen_kappa: (m) => (raters === 2 ? cohenKappa(m, opts) : undefinedBecause(cohenNeedsTwo(raters))),
    krippendorff_alpha: (m) => krippendorffAlpha(m, scale, categories),
  };
}

/** The same statistics on pattern multiplicities, for the bootstrap (only those with a point estimate). */
function kernels(rows: RatingsMatrix, scale: Scale, categories: Rating[], raters: number, wanted: SummaryStatistic[]) {
  const t = patternTable(rows, categories);
  const make: PerStatistic<() => Kernel> = {
    percent_agreement: () => chanceCorrectedKernel(t, 'percent_agreement'),
    pabak: () => chanceCorrectedKernel(t, 'brennan_prediger'),
    gwet_ac1: () => chanceCorrectedKernel(t, 'gwet_ac'),
    gwet_ac2_linear: () => chanceCorrectedKernel(t, 'gwet_ac', 'linear'),
    gwet_ac2_quadratic: () => chanceCorrectedKernel(t, 'gwet_ac', 'quadratic'),
    fleiss_kappa: () => chanceCorrectedKernel(t, 'fleiss_kappa'),
    cohen_kappa: () => (raters === 2 ? cohenKernel(t) : () => undefinedBecause(cohenNeedsTwo(raters))),
    krippendorff_alpha: () => krippendorffKernel(t, scale),
  };
  return {
    table: t,
    kernels: Object.fromEntries(wanted.map((name) => [name, make[name]()])) as Partial<PerStatistic<Kernel>>,
  };
}

/** Drops the rater columns nobody filled: they are not raters of this table (and would make Cohen's kappa "three raters"). */
function withoutEmptyColumns(matrix: RatingsMatrix): { rows: (Rating | null)[][]; empty: number[] } {
  const width = matrix.reduce((m, row) => Math.max(m, row.length), 0);
  const used = Array.from({ length: width }, (_, j) => matrix.some((row) => row[j] !== null && row[j] !== undefined));
  const keep = used.flatMap((u, j) => (u ? [j] : []));
  return { rows: matrix.map((row) => keep.map((j) => row[j] ?? null)), empty: used.flatMap((u, j) => (u ? [] : [j])) };
}

/**
 * Every agreement statistic of a ratings table at once, each with a seeded 95% bootstrap interval
 * over items, the resamples each interval rests on, and the reason for every null.
 */
export function agreementSummary(
  matrix: RatingsMatrix,
  scale: Scale,
  opts: CiOptions & { categories?: readonly Rating[] } = {},
): AgreementSummary {
  const replicates = checkedReplicates(opts.replicates);
  const { rows, empty } = withoutEmptyColumns(matrix);
  const raters = rows[0]?.length ?? 0;
  const categories = categoriesOf(rows, opts.categories);
  const fns = computers(scale, categories, raters);
  const point = Object.fromEntries(SUMMARY_STATISTICS.map((name) => [name, fns[name](rows)])) as PerStatistic<Estimate>;
  const defined = SUMMARY_STATISTICS.filter((name) => point[name].value !== null);
  const { table, kernels: ks } = kernels(rows, scale, categories, raters, defined);
  const intervals: Partial<PerStatistic<IntervalOrReason>> = bootstrapKernels(table.patternOf, table.size, ks, {
    ...opts,
    replicates,
  });
  const summary = {
    n_items: rows.filter((row) => row.some((v) => v !== null)).length,
    n_raters: raters,
    n_ratings: rows.flat().filter((v) => v !== null).length,
    scale,
    categories,
    ci95: {},
    undefined_reasons: {},
    ci95_reasons: {},
    bootstrap: { replicates, seed: opts.seed ?? 0, level: opts.level ?? 0.95, resamples_used: {} },
    empty_rater_columns: empty,
  } as AgreementSummary;
  for (const name of SUMMARY_STATISTICS) {
    const est = point[name];
    const ci = intervals[name];
    summary[name] = est.value;
    summary.bootstrap.resamples_used[name] = ci?.replicates ?? 0;
    if (est.value === null) summary.undefined_reasons[name] = est.reason;
    if (ci && ci.low !== null) summary.ci95[name] = [ci.low, ci.high];
    else {
      summary.ci95[name] = null;
      summary.ci95_reasons[name] =
        ci?.reason ?? 'no interval: the statistic itself is undefined (see undefined_reasons)';
    }
  }
  return summary;
}

/**
 * What `normforge agreement --json` prints: the keys issue 7 names, in its order, then the
 * explanations: why a statistic or an interval is null, the bootstrap's resamples per statistic,
 * and the rater columns left out because they were empty (by name).
 */
export type AgreementJson = Pick<
  AgreementSummary,
  'n_items' | 'n_raters' | SummaryStatistic | 'ci95' | 'undefined_reasons' | 'ci95_reasons' | 'bootstrap'
> & {
  empty_rater_columns: string[];
};

export function agreementJson(s: AgreementSummary, raterNames?: readonly string[]): AgreementJson {
  return {
    n_items: s.n_items,
    n_raters: s.n_raters,
    ...(Object.fromEntries(SUMMARY_STATISTICS.map((name) => [name, s[name]])) as PerStatistic<number | null>),
    ci95: Object.fromEntries(SUMMARY_STATISTICS.map((name) => [name, s.ci95[name]])) as AgreementSummary['ci95'],
    undefined_reasons: s.undefined_reasons,
    ci95_reasons: s.ci95_reasons,
    bootstrap: s.bootstrap,
    empty_rater_columns: s.empty_rater_columns.map((j) => raterNames?.[j] ?? `column ${j + 1}`),
  };
}
