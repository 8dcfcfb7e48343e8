import type { Workspace } from '../workspace/workspace.ts';
import { runRecipe, type RunReport } from '../pipeline/runner.ts';
import type { Stage } from '../stages/contract.ts';
import { UserError } from '../errors.ts';
import { loadEvalRecipe } from '../recipes/evaluation.ts';
import { EVAL_DATASETS, type EvalDataset } from '../evaluation/records.ts';
import { screenshotIsStale, screenshotReport } from './screenshot.ts';

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

/** The dataset's recipe with its evaluation appended (see `loadEvalRecipe`), run `only` on the evaluation. */
export async function runEval(
  ws: Workspace,
  dataset: string,
  opts: EvalOptions & { signal?: AbortSignal } = {},
): Promise<{ stage: Stage; report: RunReport }> {
  if (!(EVAL_DATASETS as readonly string[]).includes(dataset))
    throw new UserError(`unknown dataset "${dataset}"; use ${EVAL_DATASETS.join(' or ')}`);
  const { recipe, stage } = await loadEvalRecipe(dataset as EvalDataset);
  const report = await runRecipe(ws.withStageParams(stage.name, stageOverrides(opts)), recipe, {
    only: stage.name,
    force: opts.force,
    dryRun: opts.dryRun,
    maxCostUsd: opts.maxCost,
    acceptFailures: opts.acceptFailures,
    signal: opts.signal,
  });
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
