import type { z } from 'zod';
import type { Simulator } from '../llm/sim/local.ts';
import type { Config, PanelMember } from '../schemas/config.ts';
import type { Db } from '../store/run-store.ts';
import type { Logger } from '../log/logger.ts';
import type { Progress } from '../log/progress.ts';
import type { Workspace } from '../workspace/workspace.ts';
import type { LlmPlan } from '../llm/plan.ts';

/**
 * An input of a stage: a workspace file another stage produces (`data/...`), a workspace file
 * written outside the recipe that is used when present (`?data/...`, e.g. by `normforge import`),
 * or a file named in the config (`config:sources.normad`; `config?:` when optional).
 */
export type StageInput = string;

/** Samples a stage could not get, grouped by where they failed and why (see `recordFailures`). */
export interface StageFailure {
  /** Who failed (a panel member id). */
  source: string;
  cause: string;
  count: number;
  /** The config key that would fix it, when known. */
  hint?: string;
}

export interface StageContext<P> {
  params: P;
  ws: Workspace;
  config: Config;
  store: Db;
  log: Logger;
  signal: AbortSignal;
  recipe: string;
  /** When this run started (ISO): the budget counts every LLM cost recorded since. */
  runStartedAt: string;
  /** Cost cap for this run (from `--max-cost` or `budget.maxCostUsd`). */
  maxCostUsd?: number;
  /** Answers panel members without `baseURL` (simulated); given by whoever runs the stage. */
  simulator?: Simulator;
  /** Absolute path of an input (a `data/...` path or a `config:` reference). */
  input(name: StageInput): string;
  /**
   * Absolute path where the stage writes one of its declared outputs. Outputs are staged: they
   * replace the previous ones only when the whole stage succeeds.
   */
  output(rel: string): string;
  progress(label: string, total: number): Progress;
  /**
   * Adds numbers to a named section of the run's summary (summed across calls), e.g. the LLM
   * panel's cached / new / failed counts and cost; kept in the run record and shown by `run`.
   */
  tally(section: string, values: Record<string, number>): void;
  /**
   * Failed samples (grouped by cause). A stage that records any ends `degraded`, not `ok`, unless
   * the run accepts the failure rate (`--accept-failures`); the rate's denominator is the samples
   * in the `llm` tally.
   */
  recordFailures(groups: StageFailure[]): void;
  /** Adds to a section of the run's provenance (lists are merged), e.g. the models providers reported. */
  noteProvenance(section: string, values: Record<string, unknown>): void;
}

export interface StageResult {
  /** Counts worth keeping in the run record (e.g. seen / kept / dropped). */
  counts?: Record<string, number>;
  /** Extra summary for `--json` and the run record. */
  summary?: Record<string, unknown>;
  /** What the stage used beyond its params, prompts, inputs and members (e.g. rules it applied, source sha256). */
  provenance?: Record<string, unknown>;
}

/** What every stage declares besides its functions: the runner chains, fingerprints and describes stages by these. */
interface StageDeclaration<S extends z.ZodType> {
  name: string;
  description: string;
  /** Bumped when the stage's logic changes in a way that must invalidate earlier outputs. */
  version: number;
  inputs: StageInput[];
  outputs: string[];
  params: S;
  /** Params left out of the fingerprint because they change how, not what (e.g. concurrency). */
  cosmeticParams?: string[];
  /**
   * Versions of tables the stage's answers depend on (e.g. the value framework prompts are built
   * from, the built-in one or the file the config names), so editing such a table makes the stage
   * stale like editing a prompt file.
   */
  tables?(config: Config): Record<string, string>;
  /** Params taken from the main config (e.g. `sources.kialo.minVotes`), before `stages.<name>` overrides. */
  paramsFromConfig?(config: Config): Record<string, unknown>;
}

/** A stage as its module writes it (through `defineStage`): every function sees its params as `S` parses them. */
export interface StageDefinition<S extends z.ZodType> extends StageDeclaration<S> {
  /**
   * Prompt files (relative to a `prompts/` folder: `en/relevance.md`) whose content is fingerprinted,
   * the project's override when it has one; a function when they depend on the config (the panel's
   * languages). Called while the project's prompts are in force (see `withProjectPrompts`).
   */
  prompts?: string[] | ((config: Config, params: z.infer<S>) => string[]);
  /**
   * The LLM members this stage asks (panel, judges, translator, evaluated models), resolved from
   * the config and params. What changes their answers is part of the fingerprint, so a change of
   * model, provider, runs, temperature or languages makes the stage stale.
   */
  members?(config: Config, params: z.infer<S>): PanelMember[];
  /** LLM request plan, for `--dry-run`, `status` and budget checks. Must make no request. */
  plan?(ctx: StageContext<z.infer<S>>): Promise<LlmPlan>;
  run(ctx: StageContext<z.infer<S>>): Promise<StageResult>;
}

/**
 * A stage as recipes, the runner and `status` hold it, whatever its params: its functions take
 * params as given and parse them with the stage's own schema, so any `Stage<S>` is a `Stage`
 * without a cast and no stage can be handed another's params.
 */
export interface Stage<S extends z.ZodType = z.ZodType> extends StageDeclaration<S> {
  prompts?: (config: Config, params: unknown) => string[];
  members?: (config: Config, params: unknown) => PanelMember[];
  plan?: (ctx: StageContext<unknown>) => Promise<LlmPlan>;
  run: (ctx: StageContext<unknown>) => Promise<StageResult>;
}

/** Builds a stage from its definition; the definition's functions get their params type inferred from `params`. */
export function defineStage<S extends z.ZodType>(definition: StageDefinition<S>): Stage<S> {
  const { prompts, members, plan, run, ...declaration } = definition;
  const parse = (params: unknown): z.infer<S> => definition.params.parse(params);
  const withParams = (ctx: StageContext<unknown>): StageContext<z.infer<S>> => ({ ...ctx, params: parse(ctx.params) });
  return {
    ...declaration,
    prompts: prompts && ((config, params) => (Array.isArray(prompts) ? prompts : prompts(config, parse(params)))),
    members: members && ((config, params) => members.call(definition, config, parse(params))),
    plan: plan && ((ctx) => plan.call(definition, withParams(ctx))),
    run: (ctx) => run.call(definition, withParams(ctx)),
  };
}
