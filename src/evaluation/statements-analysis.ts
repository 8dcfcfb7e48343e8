import type { Dimension } from '../schemas/framework.ts';
import { meanInterval, pairedBootstrap, type BootstrapResult } from '../stats/bootstrap.ts';
import { medianVote } from '../stats/votes.ts';
import { groupBy } from '../stats/group.ts';
import type { StatementDecision } from './records.ts';

/** The label of one relevant (statement, dimension) pair: agreeing takes `score`, disagreeing its opposite. */
export interface StatementDimensionLabel {
  statement_id: string;
  dimension: Dimension;
  score: number;
}

/** One model's settled answer on one statement in one language (mode of its runs). */
export interface ModelStance {
  model: string;
  language: string;
  statement_id: string;
  agree: boolean;
}

/**
 * Mode of the runs per (model, language, statement). A tie between agree and disagree has no
 * mode and is left out: for a measurement, breaking it either way would tilt the profile.
 */
export function stancesFromDecisions(
  decisions: Iterable<Pick<StatementDecision, 'model' | 'language' | 'statement_id' | 'decision'>>,
): ModelStance[] {
  const tally = new Map<
    string,
    { model: string; language: string; statement_id: string; agree: number; disagree: number }
  >();
  for (const d of decisions) {
    if (d.decision === 'unparseable') continue;
    const key = `${d.model}\u0000${d.language}\u0000${d.statement_id}`;
    const t = tally.get(key) ?? {
      model: d.model,
      language: d.language,
      statement_id: d.statement_id,
      agree: 0,
      disagree: 0,
    };
    t[d.decision]++;
    tally.set(key, t);
  }
  return [...tally.values()]
    .filter((t) => t.agree !== t.disagree)
    .map(({ model, language, statement_id, agree, disagree }) => ({
      model,
      language,
      statement_id,
      agree: agree > disagree,
    }));
}

/** Score per (model, language, dimension, statement). */
export type ScoreIndex = Map<string, Map<string, Map<Dimension, Map<string, number>>>>;

export function scoreStances(stances: readonly ModelStance[], labels: readonly StatementDimensionLabel[]): ScoreIndex {
  const byStatement = groupBy(labels, (l) => l.statement_id);
  const index: ScoreIndex = new Map();
  for (const s of stances) {
    for (const label of byStatement.get(s.statement_id) ?? []) {
      const byLang = index.get(s.model) ?? new Map();
      index.set(s.model, byLang);
      const byDim = byLang.get(s.language) ?? new Map();
      byLang.set(s.language, byDim);
      const byStmt = byDim.get(label.dimension) ?? new Map();
      byDim.set(label.dimension, byStmt);
      byStmt.set(s.statement_id, s.agree ? label.score : -label.score);
    }
  }
  return index;
}

export interface ProfileCell {
  mean: number | null;
  n: number;
}

export type Profile = Record<Dimension, ProfileCell>;

const mean = (values: readonly number[]) => (values.length ? values.reduce((s, v) => s + v, 0) / values.length : null);

/** A model's profile in a language: the mean score over each dimension's statements. */
export function profileOf(
  scores: Map<Dimension, Map<string, number>> | undefined,
  dimensions: readonly Dimension[],
): Profile {
  return Object.fromEntries(
    dimensions.map((d) => {
      const values = [...(scores?.get(d)?.values() ?? [])];
      return [d, { mean: mean(values), n: values.length }];
    }),
  );
}

export interface LanguageComparison extends BootstrapResult {
  dimension: Dimension;
  significant: boolean;
}

export interface Table3Row {
  model: string;
  profiles: Record<string, Profile>;
  /** For every pair of languages (in configured order): base − other, over the statements both answered. */
  comparisons: Array<{
    base: string;
    other: string;
    dimensions: Array<LanguageComparison | { dimension: Dimension; n: 0 }>;
  }>;
}

export interface Table3Options {
  /** The value framework's dimension codes, in its order. */
  dimensions: readonly Dimension[];
  languages: readonly string[];
  resamples: number;
  seed: number;
  alpha: number;
}

/** Every pair of languages once, each in configured order: en, zh, ar gives en–zh, en–ar, zh–ar. */
export function languagePairs(languages: readonly string[]): Array<{ base: string; other: string }> {
  return languages.flatMap((base, i) => languages.slice(i + 1).map((other) => ({ base, other })));
}

/**
 * The paper's Table 3: profiles per model × language and the seeded bootstrap test of the
 * language difference, for every pair of languages (the paper's two languages make one pair).
 */
export function table3(index: ScoreIndex, models: readonly string[], opts: Table3Options): Table3Row[] {
  return models.map((model) => {
    const byLang = index.get(model);
    const profiles = Object.fromEntries(
      opts.languages.map((lang) => [lang, profileOf(byLang?.get(lang), opts.dimensions)]),
    );
    const comparisons = languagePairs(opts.languages).map(({ base, other }) => ({
      base,
      other,
      dimensions: opts.dimensions.map((dimension, i) => {
        const a = byLang?.get(base)?.get(dimension) ?? new Map<string, number>();
        const b = byLang?.get(other)?.get(dimension) ?? new Map<string, number>();
        const shared = [...a.keys()].filter((id) => b.has(id)).sort();
        const res = pairedBootstrap(
          shared.map((id) => a.get(id)!),
          shared.map((id) => b.get(id)!),
          { resamples: opts.resamples, seed: opts.seed + i },
        );
        return res ? { ...res, dimension, significant: res.pValue < opts.alpha } : { dimension, n: 0 as const };
      }),
    }));
    return { model, profiles, comparisons };
  });
}

/** Linear map of the [−2, 2] score scale onto Hofstede's [0, 100]. */
export const toHofstedeScale = (score: number) => ((score + 2) / 4) * 100;

export interface GroupBar {
  group: string;
  language: string;
  dimension: Dimension;
  /** Mean of the group's median answers, on [0, 100]. */
  value: number | null;
  /** 95% percentile bootstrap interval of that mean over statements, on [0, 100] (null below two statements). */
  low: number | null;
  high: number | null;
  n: number;
}

/**
 * Figure 1: a group's answer on a (statement, dimension) is the median of its members' scores;
 * optionally only statements where the groups' answers differ are kept.
 */
export function groupBars(
  index: ScoreIndex,
  groups: ReadonlyMap<string, readonly string[]>,
  languages: readonly string[],
  dimensions: readonly Dimension[],
  onlyDiffering: boolean,
  bootstrap: { resamples?: number; seed?: number } = {},
): GroupBar[] {
  const bars: GroupBar[] = [];
  for (const language of languages) {
    for (const dimension of dimensions) {
      const medians = new Map<string, Map<string, number>>();
      for (const [group, members] of groups) {
        const perStatement = new Map<string, number[]>();
        for (const m of members) {
          for (const [id, score] of index.get(m)?.get(language)?.get(dimension) ?? [])
            perStatement.set(id, [...(perStatement.get(id) ?? []), score]);
        }
        medians.set(group, new Map([...perStatement].map(([id, scores]) => [id, medianVote(scores).score!])));
      }
      const keep = onlyDiffering ? differingStatements(medians) : undefined;
      for (const [group, byStatement] of medians) {
        const values = [...byStatement].filter(([id]) => !keep || keep.has(id)).map(([, v]) => v);
        const m = mean(values);
        const ci = meanInterval(values, bootstrap);
        bars.push({
          group,
          language,
          dimension,
          value: m === null ? null : toHofstedeScale(m),
          low: ci && toHofstedeScale(ci[0]),
          high: ci && toHofstedeScale(ci[1]),
          n: values.length,
        });
      }
    }
  }
  return bars;
}

function differingStatements(medians: Map<string, Map<string, number>>): Set<string> {
  const all = new Set([...medians.values()].flatMap((m) => [...m.keys()]));
  return new Set(
    [...all].filter(
      (id) =>
        new Set([...medians.values()].map((m) => m.get(id))).size > 1 && [...medians.values()].every((m) => m.has(id)),
    ),
  );
}

/** Figure-1 groups: the members' `group` field, else the papers' US (gpt, llama) / CN (deepseek, qwen) families. */
export function defaultGroup(member: { id: string; model: string; group?: string }): string | undefined {
  if (member.group) return member.group;
  const name = `${member.id} ${member.model}`.toLowerCase();
  if (/gpt|llama/.test(name)) return 'US';
  if (/deepseek|qwen/.test(name)) return 'CN';
  return undefined;
}
