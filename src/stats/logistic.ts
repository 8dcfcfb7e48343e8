/**
 * Logistic regression on categorical factors by iteratively reweighted least squares, on
 * covariate patterns (observations sharing every factor level are one binomial row, which gives the
 * same fit and the same Bernoulli deviance as one row per observation, much faster). Factors are
 * treatment-coded against their first level in sort order, as patsy's C() and pandas'
 * get_dummies(drop_first=True) do. Checked against statsmodels' GLM (test/fixtures/logistic).
 */
export interface Pattern {
  /** One level per factor, in the order of the factor names. */
  levels: readonly string[];
  n: number;
  successes: number;
}

export interface Coefficient {
  term: string;
  estimate: number;
  se: number | null;
}

export interface LogitFit {
  coefficients: Coefficient[];
  /** −2 × log-likelihood of the observations (Bernoulli deviance). */
  deviance: number;
  /** Deviance of the intercept-only model. */
  nullDeviance: number;
  /** Estimated coefficients (aliased columns excluded), intercept included. */
  parameters: number;
  iterations: number;
  converged: boolean;
}

/** Observations grouped by their factor levels. */
export function groupPatterns(rows: Iterable<{ levels: readonly string[]; success: boolean }>): Pattern[] {
  const map = new Map<string, { levels: readonly string[]; n: number; successes: number }>();
  for (const r of rows) {
    const key = r.levels.join('\u0000');
    const p = map.get(key) ?? { levels: r.levels, n: 0, successes: 0 };
    p.n++;
    if (r.success) p.successes++;
    map.set(key, p);
  }
  return [...map.values()];
}

interface Design {
  terms: string[];
  /** Per pattern: indices of the columns that are 1 (the intercept, column 0, always is). */
  ones: number[][];
}

function design(patterns: readonly Pattern[], factors: readonly string[], include: readonly number[]): Design {
  const terms = ['Intercept'];
  const columnOf = new Map<string, number>();
  for (const f of include) {
    const levels = [...new Set(patterns.map((p) => p.levels[f]))].sort();
    for (const level of levels.slice(1)) {
      columnOf.set(`${f}\u0000${level}`, terms.length);
      terms.push(`${factors[f]}[T.${level}]`);
    }
  }
  const ones = patterns.map((p) => [0, ...include.flatMap((f) => columnOf.get(`${f}\u0000${p.levels[f]}`) ?? [])]);
  return { terms, ones };
}

const clampP = (p: number) => Math.min(1 - 1e-15, Math.max(1e-15, p));

function devianceOf(patterns: readonly Pattern[], probs: readonly number[]): number {
  let ll = 0;
  patterns.forEach((p, i) => {
    const q = clampP(probs[i]);
    ll += p.successes * Math.log(q) + (p.n - p.successes) * Math.log(1 - q);
  });
  return -2 * ll;
}

/**
 * Solves A x = b for symmetric positive semi-definite A by Cholesky, skipping (and zeroing) columns
 * whose pivot vanishes: an aliased column gets coefficient 0, as dropping it would. Returns the
 * solution, the factor and which columns were kept.
 */
function choleskySolve(a: Float64Array[], b: Float64Array): { x: Float64Array; l: Float64Array[]; kept: boolean[] } {
  const k = b.length;
  const l = Array.from({ length: k }, () => new Float64Array(k));
  const kept = new Array<boolean>(k).fill(true);
  for (let j = 0; j < k; j++) {
    let d = a[j][j];
    for (let m = 0; m < j; m++) d -= l[j][m] * l[j][m];
    if (!(d > 1e-10 * Math.max(1, a[j][j]))) {
      kept[j] = false;
      continue;
    }
    l[j][j] = Math.sqrt(d);
    for (let i = j + 1; i < k; i++) {
      let s = a[i][j];
      for (let m = 0; m < j; m++) s -= l[i][m] * l[j][m];
      l[i][j] = s / l[j][j];
    }
  }
  const { x } = solveWithFactor(l, kept, b);
  return { x, l, kept };
}

/** Diagonal of A⁻¹ from its Cholesky factor (kept columns only). */
function inverseDiagonal(l: Float64Array[], kept: readonly boolean[]): Array<number | null> {
  const k = kept.length;
  return kept.map((keep, c) => {
    if (!keep) return null;
    const e = new Float64Array(k);
    e[c] = 1;
    const { x } = solveWithFactor(l, kept, e);
    return x[c];
  });
}

function solveWithFactor(l: Float64Array[], kept: readonly boolean[], b: Float64Array): { x: Float64Array } {
  const k = b.length;
  const y = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    if (!kept[i]) continue;
    let s = b[i];
    for (let m = 0; m < i; m++) s -= l[i][m] * y[m];
    y[i] = s / l[i][i];
  }
  const x = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    if (!kept[i]) continue;
    let s = y[i];
    for (let m = i + 1; m < k; m++) s -= l[m][i] * x[m];
    x[i] = s / l[i][i];
  }
  return { x };
}

/** Fits success ~ the factors at `include` (indices into `factors`). */
export function fitLogistic(
  patterns: readonly Pattern[],
  factors: readonly string[],
  include: readonly number[] = factors.map((_, i) => i),
  maxIterations = 50,
): LogitFit {
  const { terms, ones } = design(patterns, factors, include);
  const k = terms.length;
  let beta = new Float64Array(k);
  const total = patterns.reduce((s, p) => s + p.n, 0);
  const successes = patterns.reduce((s, p) => s + p.successes, 0);
  beta[0] = Math.log(clampP(successes / total) / (1 - clampP(successes / total)));
  const probs = patterns.map(() => 0);
  let converged = false;
  let iterations = 0;
  let lastDeviance = Infinity;
  let factor: { l: Float64Array[]; kept: boolean[] } = { l: [], kept: [] };
  for (; iterations < maxIterations; iterations++) {
    const xtwx = Array.from({ length: k }, () => new Float64Array(k));
    const score = new Float64Array(k);
    patterns.forEach((p, i) => {
      let eta = 0;
      for (const c of ones[i]) eta += beta[c];
      const mu = 1 / (1 + Math.exp(-eta));
      probs[i] = mu;
      const w = p.n * mu * (1 - mu);
      const r = p.successes - p.n * mu;
      for (const a of ones[i]) {
        score[a] += r;
        for (const b of ones[i]) xtwx[a][b] += w;
      }
    });
    const deviance = devianceOf(patterns, probs);
    const step = choleskySolve(xtwx, score);
    factor = step;
    if (Math.abs(lastDeviance - deviance) <= 1e-12 * (Math.abs(deviance) + 0.1)) {
      converged = true;
      break;
    }
    lastDeviance = deviance;
    beta = beta.map((v, c) => (step.kept[c] ? v + step.x[c] : 0));
  }
  const deviance = devianceOf(patterns, probs);
  const variances = inverseDiagonal(factor.l, factor.kept);
  const p0 = successes / total;
  const nullDeviance = -2 * (successes * Math.log(clampP(p0)) + (total - successes) * Math.log(1 - clampP(p0)));
  return {
    coefficients: terms.map((term, c) => ({
      term,
      estimate: beta[c],
      se: variances[c] === null ? null : Math.sqrt(variances[c]!),
    })),
    deviance,
    nullDeviance,
    parameters: factor.kept.filter(Boolean).length,
    iterations,
    converged,
  };
}

export interface DropOne {
  term: string;
  /** Reduced-model deviance minus the full model's. */
  deviance: number;
  /** That increase as a share of the null deviance (how much of the outcome's variation the term alone accounts for). */
  share: number;
  df: number;
}

/** Drop-one deviance of each term (a term may span several factors, e.g. actor and receiver age). */
export function dropOneDeviance(
  patterns: readonly Pattern[],
  factors: readonly string[],
  terms: Readonly<Record<string, readonly string[]>>,
): { full: LogitFit; terms: DropOne[] } {
  const full = fitLogistic(patterns, factors);
  const out = Object.entries(terms).map(([term, members]) => {
    const include = factors.map((_, i) => i).filter((i) => !members.includes(factors[i]));
    const reduced = fitLogistic(patterns, factors, include);
    const deviance = reduced.deviance - full.deviance;
    return {
      term,
      deviance,
      share: full.nullDeviance > 0 ? deviance / full.nullDeviance : 0,
      df: full.parameters - reduced.parameters,
    };
  });
  return { full, terms: out };
}
