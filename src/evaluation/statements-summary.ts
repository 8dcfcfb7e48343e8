import type { StatementLabel } from '../schemas/records.ts';
import type { StatementDecision, HumanScoreRow } from './records.ts';
import {
  defaultGroup,
  groupBars,
  scoreStances,
  stancesFromDecisions,
  table3,
  type StatementDimensionLabel,
} from './statements-analysis.ts';
import type { FrameworkSummary, StatementsSummary } from './statements-report.ts';
import { readerText, type LoadedFramework } from '../statements/framework.ts';

export interface StatementsSummaryOptions {
  /** The value framework the labels were built with: its dimensions are the profiles' and figures'. */
  framework: LoadedFramework;
  models: Array<{ id: string; model: string; group?: string; baseURL?: string }>;
  languages: string[];
  resamples: number;
  seed: number;
  alpha: number;
  onlyDiffering: boolean;
  human: HumanScoreRow[];
  humanSource: string | null;
}

/** The labels a stance is scored against: relevant pairs with a score. */
export function scoredLabels(labels: Iterable<StatementLabel>): StatementDimensionLabel[] {
  return [...labels]
    .filter((l) => l.relevant && l.score !== null && l.score !== 0)
    .map((l) => ({ statement_id: l.statement_id, dimension: l.dimension, score: l.score! }));
}

/** What the reports say of the framework: who wrote it, its hash, and its dimensions by code and name. */
export function frameworkSummary(framework: LoadedFramework): FrameworkSummary {
  return {
    id: framework.id,
    name: readerText(framework.name),
    source: framework.source,
    sha256: framework.sha256,
    dimensions: framework.dimensions.map((d) => ({ code: d.code, name: readerText(d.name) })),
  };
}

/** Everything the reports show, re-derived from the decisions alone (no model call). */
export function summariseStatements(
  decisions: readonly StatementDecision[],
  labels: readonly StatementDimensionLabel[],
  opts: StatementsSummaryOptions,
): StatementsSummary {
  const stances = stancesFromDecisions(decisions);
  const index = scoreStances(stances, labels);
  const groups = new Map<string, string[]>();
  for (const m of opts.models) {
    const g = defaultGroup(m);
    if (g) groups.set(g, [...(groups.get(g) ?? []), m.id]);
  }
  const simulatedModels = new Set(decisions.filter((d) => d.simulated).map((d) => d.model));
  return {
    dataset: 'sociocultural-statements',
    simulated: simulatedModels.size > 0,
    models: opts.models.map((m) => ({
      id: m.id,
      model: m.model,
      group: defaultGroup(m) ?? null,
      simulated: simulatedModels.has(m.id),
    })),
    languages: opts.languages,
    framework: frameworkSummary(opts.framework),
    counts: {
      statements: new Set(labels.map((l) => l.statement_id)).size,
      labels: labels.length,
      decisions: decisions.length,
      unparseable: decisions.filter((d) => d.decision === 'unparseable').length,
      stances: stances.length,
    },
    bootstrap: { resamples: opts.resamples, seed: opts.seed, alpha: opts.alpha },
    table3: table3(
      index,
      opts.models.map((m) => m.id),
      { ...opts, dimensions: opts.framework.codes },
    ),
    figure1: {
      onlyDiffering: opts.onlyDiffering,
      bars: groupBars(index, groups, opts.languages, opts.framework.codes, opts.onlyDiffering, {
        resamples: opts.resamples,
        seed: opts.seed,
      }),
      human: opts.human,
      humanSource: opts.humanSource,
    },
  };
}
