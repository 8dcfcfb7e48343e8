import type { Workspace } from '../pipeline/workspace.ts';
import type { Simulator } from '../llm/sim/local.ts';
import { runRecipe, type RunReport } from '../pipeline/runner.ts';
import type { Stage } from '../pipeline/stage.ts';
import { UserError } from '../errors.ts';
import { loadRecipe } from '../recipes/index.ts';
import { evalPactStage } from '../stages/eval-pact.ts';
import { evalStatementsStage } from '../stages/eval-statements.ts';
import { EVAL_DATASETS, type EvalDataset } from './records.ts';
import { screenshotIsStale, screenshotReport } from './screenshot.ts';

export const STAGES: Record<EvalDataset, Stage> = {
  'sociocultural-statements': evalStatementsStage as Stage,
  pact: evalPactStage as Stage,
};

export interface EvalOptions {
  models?: string;
  sample?: number;
  seed?: number;
  dryRun?: boolean;
  force?: boolean;
  maxCost?: number;
  acceptFailures?: number;
}

function stageOverrides(opts: EvalOptions): Record<string, unknown> {
  const overrides: Record<string, unknown> = {};
  if (opts.models)
    overrides.models = opts.models
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  if (opts.sample !== undefined) overrides.sample = opts.sample;
  if (opts.seed !== undefined) overrides.seed = opts.seed;
  return overrides;
}

/**
 * The dataset's recipe with the evaluation appended, run `only` on the evaluation: the chain check
 * sees where the evaluated files come from, and a rebuilt dataset makes the evaluation stale.
 */
export async function runEval(
  ws: Workspace,
  dataset: string,
  opts: EvalOptions & { signal?: AbortSignal; simulator?: Simulator } = {},
): Promise<{ stage: Stage; report: RunReport }> {
  if (!(EVAL_DATASETS as readonly string[]).includes(dataset))
    throw new UserError(`unknown dataset "${dataset}"; use ${EVAL_DATASETS.join(' or ')}`);
  const stage = STAGES[dataset as EvalDataset];
  const recipe = await loadRecipe(dataset);
  const stages = [...recipe.stages.filter((s) => s.name !== stage.name), stage];
  const report = await runRecipe(
    ws.withStageParams(stage.name, stageOverrides(opts)),
    { ...recipe, stages },
    {
      only: stage.name,
      force: opts.force,
      dryRun: opts.dryRun,
      maxCostUsd: opts.maxCost,
      acceptFailures: opts.acceptFailures,
      signal: opts.signal,
      simulator: opts.simulator,
    },
  );
  if (!report.dryRun) await screenshotBesideReport(ws, stage);
  return { stage, report };
}

const reportHtml = (stage: Stage) => stage.outputs.find((o) => o.endsWith('report.html'))!;
export const reportPng = (stage: Stage) => reportHtml(stage).replace(/\.html$/, '.png');

/** report.png beside report.html, redrawn whenever the report is newer (also after a skipped, up-to-date run). */
export async function screenshotBesideReport(ws: Workspace, stage: Stage): Promise<void> {
  const html = ws.path(reportHtml(stage));
  const png = ws.path(reportPng(stage));
  if (screenshotIsStale(html, png)) await screenshotReport(html, png, ws.log);
}
