/**
 * The conventions behind `normforge agreement`'s numbers, printed by `agreement --help` and kept
 * word for word in the README (a test checks both), so nobody has to read the source to know them.
 */
export const AGREEMENT_CONVENTIONS = `Conventions (what each number is, when the textbooks differ):
  - pabak: with two categories, PABAK (Byrt, Bishop & Carlin 1993). With k > 2 categories it is
    the Brennan-Prediger coefficient (1981), p_e = 1/k, which reduces to PABAK when k = 2.
  - fleiss_kappa and cohen_kappa with missing ratings: as Gwet (Handbook of Inter-Rater
    Reliability, 2014) and irrCAC compute them. Fleiss: p_a over the items with two or more
    ratings, class shares averaged over the items rated at least once. Cohen (two raters): Conger's
    kappa for two raters, p_a over the items both rated, chance agreement from each rater's own
    marginals over all the items that rater rated. With complete data both are the textbook ones.
  - krippendorff_alpha: on the --scale you give; "ordinal" uses Krippendorff's ordinal metric
    (2011), delta_ck = (sum of n_g for g from c to k, minus (n_c + n_k)/2)^2 over the ordered
    categories, so distances depend on how often the categories in between were used; "interval"
    uses (c - k)^2 on the values.
  - gwet_ac2_linear / gwet_ac2_quadratic: Gwet's AC2 with linear / quadratic weights on the category
    values; undefined on a nominal scale.
  - 95% intervals: percentile bootstrap over items (rows with all their ratings), seeded.
    Resamples on which a statistic is undefined are left out and counted (bootstrap.resamples_used);
    if fewer than half are defined the interval is null, with its reason. --replicates 0 gives
    point estimates only.
  - Rater columns with no rating at all are left out (empty_rater_columns) and do not count in
    n_raters. Every null value or interval comes with its reason.`;
